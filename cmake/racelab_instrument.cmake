# racelab_instrument(<target>)
# Makes the plain memory accesses of <target>'s own code scheduling points
# inside explore(), so a lost update on a plain int is found by
# interleaving; links the compiler hooks (racelab::memory_hooks) into
# <target>. The program gets the scheduling points from racelab::intercept
# (or racelab::gtest_main, or `racelab run`'s preloaded library); without
# them it runs as usual.
#  - Clang: -fsanitize-coverage=trace-loads,trace-stores (atomic loads and
#    stores are points too), with or without ThreadSanitizer.
#  - GCC, outside TSan builds: GCC's -fsanitize=thread instrumentation,
#    compiled but not linked with the TSan runtime (every atomic operation,
#    read-modify-writes included, is a point too).
#  - ThreadSanitizer builds of racelab (either compiler): no compile flags;
#    the target is linked with --wrap for the TSan runtime's atomic entry
#    points, so every atomic operation (read-modify-writes included) is a
#    point and ThreadSanitizer is told what fences synchronize
#    (lib/src/intercept/atomic_points.hpp); plain memory is TSan's to judge.
#  - Otherwise (other compilers) a message says the target is explored at
#    its synchronization points only.
function(racelab_instrument target)
  if(NOT TARGET racelab::memory_hooks)
    message(STATUS "racelab_instrument(${target}): no memory-access points with this compiler "
                   "and sanitizer; ${target} is explored at its synchronization points only")
    return()
  endif()
  get_target_property(link_time racelab::memory_hooks RACELAB_LINK_TIME_HOOKS)
  if(link_time)
    target_link_libraries(${target} PUBLIC racelab::memory_hooks)
    return()
  endif()
  get_property(languages GLOBAL PROPERTY ENABLED_LANGUAGES)
  foreach(lang C CXX)
    if(NOT lang IN_LIST languages)
      continue()
    endif()
    if(CMAKE_${lang}_COMPILER_ID MATCHES "Clang" AND CMAKE_CXX_COMPILER_ID MATCHES "Clang")
      set(flags -fsanitize-coverage=func,trace-pc-guard,trace-loads,trace-stores)
    elseif(CMAKE_${lang}_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      set(flags -fsanitize=thread)
    else()
      message(STATUS "racelab_instrument(${target}): ${lang} is not compiled by racelab's compiler; "
                     "its accesses are not points")
      continue()
    endif()
    target_compile_options(${target} PRIVATE "$<$<COMPILE_LANGUAGE:${lang}>:${flags}>")
  endforeach()
  target_link_libraries(${target} PUBLIC racelab::memory_hooks)
endfunction()
