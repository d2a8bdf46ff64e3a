// Plain memory accesses as scheduling points (racelab_instrument).
//
// memory_point() is what the compiler hooks of code built with
// racelab_instrument call (memory_hooks/): inside an exploration each access
// of a managed thread to memory outside its own stack becomes a scheduling
// point, recorded as `read counter` / `write counter`, so a lost update on a
// plain int, or an atomicity violation between two plain accesses, is found
// by interleaving even without ThreadSanitizer. Outside explorations it
// costs a thread-local load and a compare.
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

void memory_point(const void* address, bool write, const void* pc) {
  thread_record* self = managed_caller();
  if (self == nullptr || on_own_stack(address)) return;
  as_runtime(*self, [&](scheduler& s, thread_record& t) {
    s.memory_access(t, address, write, data_name(address), caller(pc));
  });
}

}  // namespace racelab::detail::intercept
