// racelab::intercept: unmodified code as managed code (internal).
//
// Linked into a program (CMake target racelab::intercept, an object library
// so that its definitions always take part in the link), this layer defines
// the pthread, semaphore, sleep and futex entry points itself. Each one asks
// managed_caller() first:
//  - null (an unmanaged thread, no exploration, or racelab's own runtime
//    calling, e.g. the backend creating an OS thread or handing a turn over
//    with a futex): the call goes straight to the real function, unchanged.
//  - a managed thread of a controlled schedule: the call becomes one or two
//    scheduling points with the same meaning as racelab's own primitives
//    (std::mutex is racelab::mutex, std::condition_variable with its
//    spurious wake-ups, std::thread is racelab::thread). The model is the
//    lock: real mutexes, rwlocks and condition variables are not touched
//    inside an exploration; semaphores and once flags are, because the
//    program reads their state.
//
// Which entry points libstdc++ 12 and glibc 2.36 use (read in their headers,
// checked by the tests of tests/lib/intercept):
//   std::mutex, std::recursive_mutex, std::timed_mutex -> pthread_mutex_lock/
//     trylock/unlock/timedlock/clocklock (inline in the headers);
//   std::shared_mutex, std::shared_timed_mutex -> pthread_rwlock_*;
//   std::condition_variable -> pthread_cond_wait/clockwait/signal/broadcast
//     (called from libstdc++.so, which binds to the program's definitions);
//   std::thread, std::jthread, std::async(launch::async) -> pthread_create/
//     join/detach; std::call_once -> pthread_once;
//   std::this_thread::yield -> sched_yield; sleep_for/until -> nanosleep;
//   std::atomic::wait/notify, std::counting_semaphore, std::latch,
//     std::barrier, std::future/promise, std::jthread's stop_token ->
//     syscall(SYS_futex, ...) (libstdc++'s __platform_wait and
//     __atomic_futex_unsigned), after a few sched_yield spins (not
//     scheduling points themselves: threads.cpp says why).
// Intercepting syscall() is what catches the futex waits libstdc++ issues
// itself; -Wl,--wrap could not (it misses calls made inside libstdc++.so).
//
// ThreadSanitizer (why the result is sound both ways). In a TSan program the
// runtime's own interceptors are weak aliases of __interceptor_<name>; the
// definitions here are strong, so they win, and the real call forwards to
// __interceptor_<name> (real_functions.hpp). Hence:
//  - every happens-before edge of the program reaches TSan: a modelled
//    lock or unlock is told through TSan's mutex annotations on the
//    object's address (the synchronization object TSan's own interceptors
//    use for it), a semaphore post and take are real ones, a once is
//    completed by the real pthread_once, a barrier releases and acquires
//    its address, a join acquires the joined thread's finish, a futex
//    word's atomics are seen as atomics;
//  - no edge comes from the scheduler: everything it does runs inside a
//    tsan::invisible_scope, and a condition variable wait or a futex wait
//    adds no edge of its own (the edges come from the mutex and the word,
//    as in the real program).
// Modelled locks are annotated as try-locks, as racelab's primitives report
// theirs, so TSan's lock-order detector, which knows no gate locks, reports
// nothing inside explorations; racelab's lock-order graph does.
//
// Why failure paths end: inside an exploration an intercepted call never
// waits outside the scheduler. Every wait is a scheduler wait (a lock, a
// condition or event wait, a join), so a wait that can never end is a
// deadlock the scheduler reports, and the abort path (scheduler.hpp) drains
// or abandons the schedule. The real calls made inside explorations do not
// block: sem_trywait/sem_post/sem_getvalue, the real pthread_once with a
// no-op initializer on a word no managed thread is running, TSan's
// annotations. What is not racelab's (a join of a thread started outside
// the exploration) is cut off by the controller's no-progress watchdog.
//
// Not covered: pthread_exit and thread cancellation inside an exploration,
// process-shared objects, robust and priority-inheritance mutexes (treated
// as their base kind), FUTEX_REQUEUE/LOCK_PI (passed through), clocks
// (clock_gettime is not modelled: code that measures elapsed time sees real
// time, which is near zero because sleeps do not wait).
#pragma once

#include <pthread.h>

#include "location_text.hpp"
#include "scheduler.hpp"
#include "tsan.hpp"

namespace racelab::detail::intercept {

void unmodified_code_on_fiber(thread_record& self, const void* pc) noexcept;

// The calling managed thread of a controlled schedule, or null when the
// call must go to the real function. No fiber check: for calls the fiber
// backend runs faithfully (creating and destroying a synchronization
// object: racelab::condition_variable destroys the std::condition_variable
// it holds), or whose caller decides (atomic_points.cpp: only the program's
// own atomics, not racelab's).
inline thread_record* managed_thread() noexcept {
  thread_record* t = tls_thread;
  if (t == nullptr || t->owner == nullptr || tsan::in_runtime()) return nullptr;
  return t;
}

// The same, for calls the fiber backend cannot run faithfully: on fibers
// the call fails the schedule as misuse first and is then modelled as usual
// while the schedule drains.
inline thread_record* managed_caller() noexcept {
  thread_record* t = managed_thread();
  if (t != nullptr && t->on_fiber) [[unlikely]]
    unmodified_code_on_fiber(*t, __builtin_return_address(0));
  return t;
}

// Runs `f(scheduler&, thread_record&)` as racelab's runtime.
template <class F>
auto as_runtime(thread_record& self, F&& f) {
  tsan::invisible_scope quiet;
  return f(*self.owner, self);
}

// Where the program made the call that returns to `pc` (inside libstdc++,
// the program's own caller further up).
inline source_location caller(const void* pc) {
  tsan::invisible_scope quiet;
  return source_location::from_pc(program_caller(pc));
}

// How glibc's pthread_mutex_t says what kind of mutex it is.
enum class mutex_type { normal, recursive, error_check };
inline mutex_type type_of(const pthread_mutex_t* m) noexcept {
  switch (m->__data.__kind & 3) {  // PTHREAD_MUTEX_KIND_MASK_NP
    case PTHREAD_MUTEX_RECURSIVE:
      return mutex_type::recursive;
    case PTHREAD_MUTEX_ERRORCHECK:
      return mutex_type::error_check;
    default:
      return mutex_type::normal;
  }
}
inline object_tag tag_of(const pthread_mutex_t* m) noexcept {
  return {type_of(m) == mutex_type::recursive ? object_kind::recursive_mutex : object_kind::mutex,
          nullptr};
}

// Whether `self` holds `m` in the model.
inline bool holds(thread_record& self, const void* m) {
  return as_runtime(self, [&](scheduler& s, thread_record& t) { return s.holds(t, m); });
}

}  // namespace racelab::detail::intercept
