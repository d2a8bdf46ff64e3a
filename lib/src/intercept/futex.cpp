// The futex waits libstdc++ issues itself, through syscall() (intercept.hpp).
//
// std::atomic::wait/notify, std::latch, std::barrier,
// std::counting_semaphore, std::future and std::jthread's stop_token end in
// syscall(SYS_futex, ...). FUTEX_WAIT(_BITSET) is a wait_event that blocks
// only if the word still holds the expected value (checked in the same
// step, so no wake-up is lost); FUTEX_WAKE(_BITSET) wakes one waiter or all
// (bitsets are ignored: a wider wake is a spurious one, which futex users
// must accept), and waking nobody is no step: whether libstdc++ calls at all
// depends on its process-wide waiter counts, which threads of an abandoned
// schedule may have left behind. Every other system call, and other futex
// operations, go to the real syscall.
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdarg>
#include <cstdint>

#include "intercept.hpp"
#include "real_functions.hpp"

namespace racelab::detail::intercept {
namespace {

using wait_outcome = scheduler::wait_outcome;
constexpr object_tag futex_tag{object_kind::futex, nullptr};

long futex(thread_record& self, long* a, const void* pc) {
  auto* word = reinterpret_cast<std::uint32_t*>(a[0]);
  const int op = static_cast<int>(a[1]) & FUTEX_CMD_MASK;
  const auto expected = static_cast<std::uint32_t>(a[2]);
  if (op == FUTEX_WAIT || op == FUTEX_WAIT_BITSET) {
    const bool timed = a[3] != 0;
    const wait_outcome r = as_runtime(self, [&](scheduler& s, thread_record& t) {
      return s.wait_event(
          t, word, futex_tag, timed,
          [word, expected] { return __atomic_load_n(word, __ATOMIC_RELAXED) == expected; },
          caller(pc));
    });
    if (r == wait_outcome::woken) return 0;
    errno = r == wait_outcome::timed_out ? ETIMEDOUT : EAGAIN;
    return -1;
  }
  // FUTEX_WAKE / FUTEX_WAKE_BITSET
  const bool all = a[2] > 1;
  as_runtime(self, [&](scheduler& s, thread_record& t) {
    if (s.has_waiters(t, word)) s.signal_event(t, word, futex_tag, all, caller(pc));
  });
  return 0;
}

}  // namespace
}  // namespace racelab::detail::intercept

using namespace racelab::detail;
using namespace racelab::detail::intercept;

extern "C" {

long syscall(long number, ...) noexcept {
  va_list args;
  va_start(args, number);
  long a[6];
  for (long& x : a)
    x = va_arg(args, long);
  va_end(args);
  if (number == SYS_futex) {
    const int op = static_cast<int>(a[1]) & FUTEX_CMD_MASK;
    const bool modelled =
        op == FUTEX_WAIT || op == FUTEX_WAIT_BITSET || op == FUTEX_WAKE || op == FUTEX_WAKE_BITSET;
    if (thread_record* self = modelled ? managed_caller() : nullptr)
      return futex(*self, a, __builtin_return_address(0));
  }
  static std::atomic<void*> real{nullptr};
  void* f = real.load(std::memory_order_relaxed);
  if (f == nullptr) {
    f = find_real("syscall", nullptr);
    real.store(f, std::memory_order_relaxed);
  }
  return reinterpret_cast<long (*)(long, ...)>(f)(number, a[0], a[1], a[2], a[3], a[4], a[5]);
}

}  // extern "C"
