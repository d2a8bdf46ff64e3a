// Clang's memory-access hooks (memory_point.hpp).
//
// -fsanitize-coverage=trace-loads,trace-stores calls __sanitizer_cov_loadN /
// __sanitizer_cov_storeN before every load and store, atomic loads and
// stores of std::atomic included; atomic read-modify-writes have no hook.
// The coverage kind it needs is function-entry trace-pc-guard, whose
// callbacks do nothing here (inline counters would be racy writes that
// ThreadSanitizer reports).
#include <cstdint>

#include "memory_point.hpp"

using racelab::detail::memory_hooks::point;

extern "C" {

[[gnu::weak]] void __sanitizer_cov_trace_pc_guard_init(std::uint32_t*, std::uint32_t*) {}
[[gnu::weak]] void __sanitizer_cov_trace_pc_guard(std::uint32_t*) {}

#define RACELAB_COVERAGE_HOOKS(n)                        \
  [[gnu::weak]] void __sanitizer_cov_load##n(void* p) {  \
    point(p, false, __builtin_return_address(0));        \
  }                                                      \
  [[gnu::weak]] void __sanitizer_cov_store##n(void* p) { \
    point(p, true, __builtin_return_address(0));         \
  }
RACELAB_COVERAGE_HOOKS(1)
RACELAB_COVERAGE_HOOKS(2)
RACELAB_COVERAGE_HOOKS(4)
RACELAB_COVERAGE_HOOKS(8)
RACELAB_COVERAGE_HOOKS(16)
#undef RACELAB_COVERAGE_HOOKS

}  // extern "C"
