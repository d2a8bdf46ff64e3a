# Project-wide compiler settings.
#
# racelab_warnings: warnings as errors for racelab's own targets only, so a
# consumer that adds racelab with add_subdirectory keeps its own flags.
# RACELAB_SANITIZER: instruments every target of the tree (tests, benchmarks
# and the library alike), as a sanitizer build must.

add_library(racelab_warnings INTERFACE)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(racelab_warnings INTERFACE -Wall -Wextra -Wpedantic -Werror)
endif()

if(RACELAB_SANITIZER STREQUAL "thread")
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "racelab: the tsan configuration needs Clang (CMAKE_CXX_COMPILER=clang++)")
  endif()
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
elseif(RACELAB_SANITIZER STREQUAL "address")
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
elseif(NOT RACELAB_SANITIZER STREQUAL "")
  message(FATAL_ERROR "racelab: RACELAB_SANITIZER must be '', 'thread' or 'address', not '${RACELAB_SANITIZER}'")
endif()

# racelab_test_defaults(target): links sanitizers/default_options.cpp into an
# executable of a sanitizer build; a no-op otherwise.
function(racelab_test_defaults target)
  if(RACELAB_SANITIZER)
    target_link_libraries(${target} PRIVATE racelab_sanitizer_defaults)
  endif()
endfunction()
