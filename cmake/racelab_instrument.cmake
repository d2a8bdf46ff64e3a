# racelab_instrument(<target>)
# Makes the plain memory accesses of <target>'s own code scheduling points
# inside explore(), so a lost update on a plain int is found by
# interleaving. Link the program with racelab::intercept (or
# racelab::gtest_main).
#  - Clang: -fsanitize-coverage=trace-loads,trace-stores calls racelab's
#    hooks before every load and store (atomic loads and stores included),
#    with or without ThreadSanitizer (lib/src/intercept/memory_points.cpp).
#  - GCC, without a TSan build: -fsanitize=thread instrumentation, compiled
#    but not linked with the TSan runtime; racelab::gcc_memory_points
#    defines its hooks (atomic read-modify-writes become points too).
#  - Otherwise (GCC in a TSan build, other compilers) a message says the
#    target is explored at its synchronization points only.
function(racelab_instrument target)
  set(clang_flags -fsanitize-coverage=func,trace-pc-guard,trace-loads,trace-stores)
  get_property(languages GLOBAL PROPERTY ENABLED_LANGUAGES)
  set(instrumented FALSE)
  foreach(lang C CXX)
    if(NOT lang IN_LIST languages)
      continue()
    endif()
    if(CMAKE_${lang}_COMPILER_ID MATCHES "Clang")
      target_compile_options(${target} PRIVATE "$<$<COMPILE_LANGUAGE:${lang}>:${clang_flags}>")
      set(instrumented TRUE)
    elseif(CMAKE_${lang}_COMPILER_ID STREQUAL "GNU" AND NOT RACELAB_SANITIZER STREQUAL "thread"
           AND NOT CMAKE_${lang}_FLAGS MATCHES "sanitize=thread")
      target_compile_options(${target} PRIVATE "$<$<COMPILE_LANGUAGE:${lang}>:-fsanitize=thread>")
      target_link_libraries(${target} PUBLIC racelab::gcc_memory_points)
      set(instrumented TRUE)
    endif()
  endforeach()
  if(NOT instrumented)
    message(STATUS "racelab_instrument(${target}): no memory-access points with this compiler "
                   "and sanitizer; ${target} is explored at its synchronization points only")
  endif()
endfunction()
