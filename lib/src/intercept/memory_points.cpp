// Plain memory accesses as scheduling points (racelab_instrument).
//
// Code compiled with -fsanitize-coverage=trace-loads,trace-stores (Clang;
// racelab_instrument(target) adds the flags) calls __sanitizer_cov_loadN /
// __sanitizer_cov_storeN before every load and store, atomic loads and
// stores of std::atomic included. Inside an exploration each access of a
// managed thread to memory outside its own stack becomes a scheduling
// point, recorded as `read counter` / `write counter`, so a lost update on a
// plain int, or an atomicity violation between two plain accesses, is found
// by interleaving even without ThreadSanitizer. Atomic read-modify-writes
// (fetch_add, compare_exchange, exchange) are not covered: the compiler
// calls no hook for them; they stay atomic steps between two points.
// Outside explorations a hook costs a thread-local load and a compare.
#include <pthread.h>

#include <cstddef>
#include <cstdint>

#include "intercept.hpp"
#include "location_text.hpp"

namespace racelab::detail::intercept {
namespace {

// The calling thread's stack, found once per thread.
struct stack_bounds {
  std::uintptr_t low = 0, high = 0;
};
thread_local constinit stack_bounds tls_stack{};

bool on_own_stack(const void* address) {
  if (tls_stack.high == 0) {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
      void* base = nullptr;
      std::size_t size = 0;
      pthread_attr_getstack(&attr, &base, &size);
      pthread_attr_destroy(&attr);
      tls_stack.low = reinterpret_cast<std::uintptr_t>(base);
      tls_stack.high = tls_stack.low + size;
    }
  }
  const auto a = reinterpret_cast<std::uintptr_t>(address);
  return a >= tls_stack.low && a < tls_stack.high;
}

}  // namespace

// Also the hook of gcc_memory_points.cpp.
void memory_point(const void* address, bool write, const void* pc) {
  thread_record* self = managed_caller();
  if (self == nullptr || on_own_stack(address)) return;
  as_runtime(*self, [&](scheduler& s, thread_record& t) {
    s.memory_access(t, address, write, data_name(address), caller(pc));
  });
}

namespace {
void access(const void* address, bool write, const void* pc) {
  memory_point(address, write, pc);
}
}  // namespace
}  // namespace racelab::detail::intercept

using racelab::detail::intercept::access;

extern "C" {

// trace-loads/trace-stores come with a coverage kind; racelab_instrument
// asks for the cheapest race-free one (a call per function entry; inline
// counters would be racy writes that ThreadSanitizer reports). Weak: a
// sanitizer runtime's own definitions, or libFuzzer's, take precedence.
__attribute__((weak)) void __sanitizer_cov_trace_pc_guard_init(std::uint32_t*, std::uint32_t*) {}
__attribute__((weak)) void __sanitizer_cov_trace_pc_guard(std::uint32_t*) {}

void __sanitizer_cov_load1(void* p) {
  access(p, false, __builtin_return_address(0));
}
void __sanitizer_cov_load2(void* p) {
  access(p, false, __builtin_return_address(0));
}
void __sanitizer_cov_load4(void* p) {
  access(p, false, __builtin_return_address(0));
}
void __sanitizer_cov_load8(void* p) {
  access(p, false, __builtin_return_address(0));
}
void __sanitizer_cov_load16(void* p) {
  access(p, false, __builtin_return_address(0));
}
void __sanitizer_cov_store1(void* p) {
  access(p, true, __builtin_return_address(0));
}
void __sanitizer_cov_store2(void* p) {
  access(p, true, __builtin_return_address(0));
}
void __sanitizer_cov_store4(void* p) {
  access(p, true, __builtin_return_address(0));
}
void __sanitizer_cov_store8(void* p) {
  access(p, true, __builtin_return_address(0));
}
void __sanitizer_cov_store16(void* p) {
  access(p, true, __builtin_return_address(0));
}

}  // extern "C"
