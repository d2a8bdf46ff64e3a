// racelab::source_location: the file and line of a call into a racelab primitive.
//
// Captured through default arguments (`loc = source_location::current()`), so
// every trace step and every misuse message names the caller's line. Built on
// __builtin_FILE/__builtin_LINE, which GCC 12 and Clang 14 both evaluate at the
// call site (std::source_location needs Clang 15).
#pragma once

namespace racelab {

struct source_location {
  const char* file = "";
  int line = 0;

  static constexpr source_location current(const char* file = __builtin_FILE(),
                                           int line = __builtin_LINE()) noexcept {
    return {file, line};
  }
  constexpr bool known() const noexcept { return line > 0; }
};

}  // namespace racelab
