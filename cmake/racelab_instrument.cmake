# racelab_instrument(<target>)
# Makes the plain memory accesses of <target>'s own code scheduling points
# inside explore(): Clang's -fsanitize-coverage=trace-loads,trace-stores
# calls racelab's hooks (lib/src/intercept/memory_points.cpp) before every
# load and store, so a lost update on a plain int is found by interleaving,
# with or without ThreadSanitizer. Link the program with racelab::intercept.
# GCC has no such instrumentation: there the target is explored at its
# synchronization points only, and a message says so.
function(racelab_instrument target)
  set(flags -fsanitize-coverage=func,trace-pc-guard,trace-loads,trace-stores)
  get_property(languages GLOBAL PROPERTY ENABLED_LANGUAGES)
  set(instrumented FALSE)
  foreach(lang C CXX)
    if(lang IN_LIST languages AND CMAKE_${lang}_COMPILER_ID MATCHES "Clang")
      target_compile_options(${target} PRIVATE "$<$<COMPILE_LANGUAGE:${lang}>:${flags}>")
      set(instrumented TRUE)
    endif()
  endforeach()
  if(NOT instrumented)
    message(STATUS "racelab_instrument(${target}): memory-access points need Clang; "
                   "${target} is explored at its synchronization points only")
  endif()
endfunction()
