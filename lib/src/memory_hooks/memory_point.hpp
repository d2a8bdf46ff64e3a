// The compiler hooks of racelab_instrument, and where they lead (internal).
//
// racelab_instrument(target) makes the compiler call a hook before each
// memory access of `target`'s code (coverage_hooks.cpp for Clang's
// -fsanitize-coverage=trace-loads,trace-stores, gcc_tsan_hooks.cpp for
// GCC's -fsanitize=thread instrumentation without the TSan runtime) and
// links the hooks into `target` (racelab::memory_hooks). Every hook calls
// memory_point(): the scheduling point of racelab::intercept
// (intercept/memory_points.cpp). It is referenced weakly, so a program
// built with racelab_instrument but not linked with racelab still runs
// (an access is then just an access), and under `racelab run` the
// preloaded library supplies it. The hooks themselves are weak too: a
// sanitizer runtime's own definitions, or libFuzzer's, take precedence.
#pragma once

namespace racelab::detail::intercept {
[[gnu::weak]] void memory_point(const void* address, bool write, const void* pc);
}  // namespace racelab::detail::intercept

namespace racelab::detail::memory_hooks {

inline void point(const void* address, bool write, const void* pc) {
  if (&intercept::memory_point != nullptr) intercept::memory_point(address, write, pc);
}

}  // namespace racelab::detail::memory_hooks
