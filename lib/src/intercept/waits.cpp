// Condition variables, semaphores and barriers of unmodified code
// (intercept.hpp).
//
// - pthread_cond_*: racelab's condition variable model, spurious wake-ups
//   and the choice of waiter included, on the modelled mutex (locks.cpp).
//   Real cond functions are never called inside an exploration.
// - sem_*: a wait is a wait_event on the semaphore that blocks while its
//   real value is 0; the value is then taken with the real sem_trywait,
//   which cannot fail (the thread holds the turn); a post wakes every
//   waiter, each re-checks. Timed waits may time out at any step.
// - pthread_barrier_wait: arrivals counted per schedule; the last one
//   wakes the others; ThreadSanitizer is told that every arrival happens
//   before every departure (release and acquire on the barrier).
// Per-schedule state (barrier arrivals) is touched only by
// the thread holding the turn, inside the runtime.
#include <pthread.h>
#include <semaphore.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <mutex>
#include <unordered_map>

#include "intercept.hpp"
#include "per_schedule.hpp"
#include "real_functions.hpp"

RACELAB_REAL_FUNCTION(pthread_cond_init, "GLIBC_2.3.2")
RACELAB_REAL_FUNCTION(pthread_cond_destroy, "GLIBC_2.3.2")
RACELAB_REAL_FUNCTION(pthread_cond_wait, "GLIBC_2.3.2")
RACELAB_REAL_FUNCTION(pthread_cond_timedwait, "GLIBC_2.3.2")
RACELAB_REAL_FUNCTION(pthread_cond_clockwait, nullptr)
RACELAB_REAL_FUNCTION(pthread_cond_signal, "GLIBC_2.3.2")
RACELAB_REAL_FUNCTION(pthread_cond_broadcast, "GLIBC_2.3.2")
RACELAB_REAL_FUNCTION(sem_wait, nullptr)
RACELAB_REAL_FUNCTION(sem_trywait, nullptr)
RACELAB_REAL_FUNCTION(sem_timedwait, nullptr)
RACELAB_REAL_FUNCTION(sem_clockwait, nullptr)
RACELAB_REAL_FUNCTION(sem_post, nullptr)
RACELAB_REAL_FUNCTION(sem_getvalue, nullptr)
RACELAB_REAL_FUNCTION(pthread_barrier_init, nullptr)
RACELAB_REAL_FUNCTION(pthread_barrier_wait, nullptr)

namespace racelab::detail::intercept {
namespace {

using wait_outcome = scheduler::wait_outcome;

constexpr object_tag cv_tag{object_kind::condition_variable, nullptr};
constexpr object_tag sem_tag{object_kind::semaphore, nullptr};
constexpr object_tag barrier_tag{object_kind::barrier, nullptr};

int cond_wait(thread_record& self, pthread_cond_t* c, pthread_mutex_t* m, bool timed,
              const void* pc) {
  const bool waiting = as_runtime(self, [&](scheduler& s, thread_record& t) {
    return s.wait(t, c, cv_tag, m, tag_of(m), timed, caller(pc));
  });
  if (!waiting) return EPERM;  // reported as misuse: it does not hold the mutex
  tsan::mutex_unlock(m);
  const bool timed_out = as_runtime(self, [&](scheduler& s, thread_record& t) {
    return s.relock_after_wait(t, c, m, caller(pc));
  });
  tsan::mutex_lock(m, false, true, 0);
  return timed_out ? ETIMEDOUT : 0;
}

int sem_value(sem_t* sem) {
  int value = 0;
  real_sem_getvalue()(sem, &value);
  return value;
}

// Returns 0, or -1 with errno ETIMEDOUT.
int sem_take(thread_record& self, sem_t* sem, bool timed, const void* pc) {
  for (;;) {
    const wait_outcome r = as_runtime(self, [&](scheduler& s, thread_record& t) {
      return s.wait_event(
          t, sem, sem_tag, timed, [sem] { return sem_value(sem) <= 0; }, caller(pc));
    });
    if (r == wait_outcome::not_blocked) {
      if (real_sem_trywait()(sem) == 0) return 0;
      continue;  // taken by a thread outside the exploration
    }
    if (r == wait_outcome::timed_out) {
      errno = ETIMEDOUT;
      return -1;
    }
  }
}

struct barrier_progress {
  unsigned arrived = 0;
  unsigned generation = 0;
};
per_schedule<barrier_progress> g_barriers;

spin_lock g_counts_lock;
std::unordered_map<const void*, unsigned>& barrier_counts() {
  static auto* counts = new std::unordered_map<const void*, unsigned>();
  return *counts;
}
unsigned barrier_count(const void* b) {
  std::lock_guard<spin_lock> g(g_counts_lock);
  const auto it = barrier_counts().find(b);
  return it != barrier_counts().end() ? it->second : 1;
}

}  // namespace
}  // namespace racelab::detail::intercept

using namespace racelab::detail;
using namespace racelab::detail::intercept;

extern "C" {

int pthread_cond_init(pthread_cond_t* c, const pthread_condattr_t* attr) noexcept {
  if (thread_record* self = managed_thread()) {
    const void* pc = __builtin_return_address(0);
    as_runtime(*self,
               [&](scheduler& s, thread_record& t) { s.object_created(t, c, cv_tag, caller(pc)); });
  }
  return real_pthread_cond_init()(c, attr);
}

int pthread_cond_destroy(pthread_cond_t* c) noexcept {
  if (thread_record* self = managed_thread()) {
    as_runtime(*self, [&](scheduler& s, thread_record& t) { s.object_destroyed(t, c, cv_tag); });
  }
  return real_pthread_cond_destroy()(c);
}

int pthread_cond_wait(pthread_cond_t* c, pthread_mutex_t* m) {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_pthread_cond_wait()(c, m);
  return cond_wait(*self, c, m, false, __builtin_return_address(0));
}

int pthread_cond_timedwait(pthread_cond_t* c, pthread_mutex_t* m, const timespec* deadline) {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_pthread_cond_timedwait()(c, m, deadline);
  return cond_wait(*self, c, m, true, __builtin_return_address(0));
}

int pthread_cond_clockwait(pthread_cond_t* c, pthread_mutex_t* m, clockid_t clock,
                           const timespec* deadline) {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_pthread_cond_clockwait()(c, m, clock, deadline);
  return cond_wait(*self, c, m, true, __builtin_return_address(0));
}

int pthread_cond_signal(pthread_cond_t* c) noexcept {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_pthread_cond_signal()(c);
  const void* pc = __builtin_return_address(0);
  as_runtime(*self,
             [&](scheduler& s, thread_record& t) { s.notify(t, c, cv_tag, false, caller(pc)); });
  return 0;
}

int pthread_cond_broadcast(pthread_cond_t* c) noexcept {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_pthread_cond_broadcast()(c);
  const void* pc = __builtin_return_address(0);
  as_runtime(*self,
             [&](scheduler& s, thread_record& t) { s.notify(t, c, cv_tag, true, caller(pc)); });
  return 0;
}

int sem_wait(sem_t* sem) {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_sem_wait()(sem);
  return sem_take(*self, sem, false, __builtin_return_address(0));
}

int sem_timedwait(sem_t* sem, const timespec* deadline) {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_sem_timedwait()(sem, deadline);
  return sem_take(*self, sem, true, __builtin_return_address(0));
}

int sem_clockwait(sem_t* sem, clockid_t clock, const timespec* deadline) {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_sem_clockwait()(sem, clock, deadline);
  return sem_take(*self, sem, true, __builtin_return_address(0));
}

int sem_trywait(sem_t* sem) noexcept {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_sem_trywait()(sem);
  const void* pc = __builtin_return_address(0);
  const bool available = as_runtime(*self, [&](scheduler& s, thread_record& t) {
    return s.try_event(
        t, sem, sem_tag, [sem] { return sem_value(sem) > 0; }, caller(pc));
  });
  if (available) return real_sem_trywait()(sem);
  errno = EAGAIN;
  return -1;
}

int sem_post(sem_t* sem) noexcept {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_sem_post()(sem);
  const void* pc = __builtin_return_address(0);
  as_runtime(*self, [&](scheduler& s, thread_record& t) {
    s.signal_event(t, sem, sem_tag, true, caller(pc));
  });
  return real_sem_post()(sem);
}

int pthread_barrier_init(pthread_barrier_t* b, const pthread_barrierattr_t* attr,
                         unsigned count) noexcept {
  {
    tsan::invisible_scope quiet;
    std::lock_guard<spin_lock> g(g_counts_lock);
    barrier_counts()[b] = count;
  }
  return real_pthread_barrier_init()(b, attr, count);
}

int pthread_barrier_wait(pthread_barrier_t* b) noexcept {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_pthread_barrier_wait()(b);
  const void* pc = __builtin_return_address(0);
  tsan::release(b);  // this arrival happens before every departure
  bool last = false;
  bool arrived = false;
  unsigned generation = 0;
  for (;;) {
    const wait_outcome r = as_runtime(*self, [&](scheduler& s, thread_record& t) {
      return s.wait_event(
          t, b, barrier_tag, false,
          [&] {
            barrier_progress& p = g_barriers.at(b);
            if (!arrived) {
              arrived = true;
              generation = p.generation;
              if (++p.arrived >= barrier_count(b)) {
                p.arrived = 0;
                ++p.generation;
                last = true;
              }
            }
            return p.generation == generation;
          },
          caller(pc));
    });
    if (r == wait_outcome::not_blocked) break;
  }
  if (last) {
    as_runtime(*self, [&](scheduler& s, thread_record& t) {
      s.signal_event(t, b, barrier_tag, true, caller(pc));
    });
  }
  tsan::acquire(b);
  return last ? PTHREAD_BARRIER_SERIAL_THREAD : 0;
}

}  // extern "C"
