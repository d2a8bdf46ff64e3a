// Threads, yields and sleeps of unmodified code (intercept.hpp).
//
// pthread_create from a managed thread (std::thread, std::jthread,
// std::async(launch::async) all come here) spawns a managed thread exactly
// as racelab::thread does; its pthread_t is the real OS thread's handle, so
// pthread_self(), std::this_thread::get_id() and the creator's
// std::thread::get_id() agree. pthread_join and pthread_detach of a managed
// thread are the scheduler's join and detach; the OS thread itself is
// reclaimed by the scheduler when the schedule ends. A thread's return
// value is kept with its body until then.
// Sleeps are quiet scheduling points that never wait: time is modelled, so
// any sleep may last as long as the schedule needs.
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>

#include "intercept.hpp"
#include "location_text.hpp"
#include "real_functions.hpp"

RACELAB_REAL_FUNCTION(pthread_create, nullptr)
RACELAB_REAL_FUNCTION(pthread_join, nullptr)
RACELAB_REAL_FUNCTION(pthread_detach, nullptr)
RACELAB_REAL_FUNCTION(sched_yield, nullptr)
RACELAB_REAL_FUNCTION(nanosleep, nullptr)
RACELAB_REAL_FUNCTION(clock_nanosleep, nullptr)
RACELAB_REAL_FUNCTION(usleep, nullptr)
RACELAB_REAL_FUNCTION(sleep, nullptr)

namespace racelab::detail::intercept {
namespace {

class pthread_body final : public thread_body {
 public:
  pthread_body(void* (*routine)(void*), void* arg) : routine_(routine), arg_(arg) {}
  void run() override { result = routine_(arg_); }
  void* result = nullptr;

 private:
  void* (*routine_)(void*);
  void* arg_;
};

thread_record* thread_of_handle(thread_record& self, pthread_t handle) {
  return as_runtime(self, [&](scheduler& s, thread_record&) { return s.find_thread(handle); });
}

int modelled_sleep(thread_record& self, const void* pc) {
  as_runtime(self, [&](scheduler& s, thread_record& t) { s.sleep(t, caller(pc)); });
  return 0;
}

}  // namespace

void unmodified_code_on_fiber(thread_record& self, const void* pc) noexcept {
  tsan::invisible_scope quiet;
  const std::string what =
      "a pthread, futex or std threading function" + location_suffix(caller(pc));
  self.owner->unmodified_code_on_fiber(self, what.c_str());
}

}  // namespace racelab::detail::intercept

using namespace racelab::detail;
using namespace racelab::detail::intercept;

extern "C" {

int pthread_create(pthread_t* thread, const pthread_attr_t* attr, void* (*routine)(void*),
                   void* arg) noexcept {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_pthread_create()(thread, attr, routine, arg);
  const auto loc = caller(__builtin_return_address(0));
  thread_record* t = spawn(std::make_unique<pthread_body>(routine, arg), loc);
  if (t == nullptr) return EAGAIN;  // the schedule has failed (too many threads)
  *thread = thread_native_handle(t);
  int state = PTHREAD_CREATE_JOINABLE;
  if (attr != nullptr && pthread_attr_getdetachstate(attr, &state) == 0 &&
      state == PTHREAD_CREATE_DETACHED) {
    detach(t, loc);
  }
  return 0;
}

int pthread_join(pthread_t thread, void** result) {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_pthread_join()(thread, result);
  thread_record* t = thread_of_handle(*self, thread);
  if (t == nullptr) return real_pthread_join()(thread, result);  // not started in this schedule
  if (t == self) return EDEADLK;
  join(t, caller(__builtin_return_address(0)));
  if (result != nullptr) {
    auto* body = dynamic_cast<pthread_body*>(t->body.get());
    *result = body != nullptr ? body->result : nullptr;
  }
  return 0;
}

int pthread_detach(pthread_t thread) noexcept {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_pthread_detach()(thread);
  thread_record* t = thread_of_handle(*self, thread);
  if (t == nullptr) return real_pthread_detach()(thread);
  detach(t, caller(__builtin_return_address(0)));
  return 0;
}

int sched_yield() noexcept {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_sched_yield()();
  const void* pc = __builtin_return_address(0);
  // libstdc++'s atomic wait spins (a dozen yields) before its futex wait,
  // which is the scheduling point that matters: the spin only re-reads the
  // value, and the futex wait checks it again in the same step as it starts
  // waiting. As points, the spin's yields would let fairness hold the
  // waiter back (a repeated yield while others run) and hide every
  // schedule in which it reaches the futex before the others move on.
  if (as_runtime(*self, [&](scheduler&, thread_record&) { return in_std_atomic_wait(pc); }))
    return 0;
  yield_point(caller(pc));
  return 0;
}

int nanosleep(const timespec* duration, timespec* remaining) {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_nanosleep()(duration, remaining);
  if (remaining != nullptr) *remaining = {};
  return modelled_sleep(*self, __builtin_return_address(0));
}

int clock_nanosleep(clockid_t clock, int flags, const timespec* time, timespec* remaining) {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_clock_nanosleep()(clock, flags, time, remaining);
  if (remaining != nullptr) *remaining = {};
  return modelled_sleep(*self, __builtin_return_address(0));
}

int usleep(useconds_t usec) {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_usleep()(usec);
  return modelled_sleep(*self, __builtin_return_address(0));
}

unsigned int sleep(unsigned int seconds) {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_sleep()(seconds);
  modelled_sleep(*self, __builtin_return_address(0));
  return 0;
}

}  // extern "C"
