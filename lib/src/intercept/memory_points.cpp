// Plain memory accesses as scheduling points (racelab_instrument).
//
// memory_point() is what the compiler hooks of code built with
// racelab_instrument call (memory_hooks/): inside an exploration each access
// of a managed thread to memory outside its own stack becomes a scheduling
// point, recorded as `read counter` / `write counter`, so a lost update on a
// plain int, or an atomicity violation between two plain accesses, is found
// by interleaving even without ThreadSanitizer. Accesses made by libstdc++'s
// own inlined code (a std::vector's buffer; std::atomic's operations excepted)
// are not points (see std_internal_access()), except one in every
// kQuietAccessesPerPoint of them in a row, so a spin inside them is seen. Outside explorations it
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

// Accesses of libstdc++'s own code are not points, but a thread that makes
// nothing else for this many of them in a row (a loop spinning on
// items.empty()) gets a point at the next one, so the scheduler sees the
// spin and can run the thread it waits for. Counted per thread, from the
// thread's own execution only: replays see the same points.
constexpr int kQuietAccessesPerPoint = 4096;
struct quiet_count {
  std::uint64_t schedule = 0;  // the schedule the count belongs to
  int accesses = 0;
};
thread_local constinit quiet_count tls_quiet{};

// Whether this access of libstdc++'s own code goes unscheduled.
bool quiet_access() {
  const std::uint64_t serial = schedule_serial();
  if (tls_quiet.schedule != serial) tls_quiet = {serial, 0};
  if (++tls_quiet.accesses < kQuietAccessesPerPoint) return true;
  tls_quiet.accesses = 0;
  return false;
}

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
  if (std_internal_access(pc) && quiet_access()) return;
  as_runtime(*self, [&](scheduler& s, thread_record& t) {
    s.memory_access(t, address, write, data_name(address), caller(pc));
  });
}

}  // namespace racelab::detail::intercept
