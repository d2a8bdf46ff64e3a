// racelab::source_location: the file and line of a call into a racelab primitive.
//
// Captured through default arguments (`loc = source_location::current()`), so
// every trace step and every misuse message names the caller's line; where
// there is no room for one, from the caller's return address (`pc`). Built on
// __builtin_FILE/__builtin_LINE, which GCC 12 and Clang 14 both evaluate at the
// call site (std::source_location needs Clang 15).
#pragma once

namespace racelab {

struct source_location {
  const char* file = "";
  int line = 0;
  // Where no default argument can capture the line (operators, a
  // constructor taking a parameter pack): a return address into the caller,
  // turned into file:line from the debug information when a trace is shown.
  const void* pc = nullptr;

  static constexpr source_location current(const char* file = __builtin_FILE(),
                                           int line = __builtin_LINE()) noexcept {
    return {file, line, nullptr};
  }
  static source_location from_pc(const void* pc) noexcept { return {"", 0, pc}; }
  constexpr bool known() const noexcept { return line > 0 || pc != nullptr; }
};

// On a member that records where it was called from with
// __builtin_return_address(0): it must not be inlined into its caller.
#define RACELAB_CALLER_PC [[gnu::noinline]]

}  // namespace racelab
