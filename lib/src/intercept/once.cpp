// pthread_once (std::call_once) of unmodified code (intercept.hpp).
//
// A once that the real control word says is done returns through the real
// pthread_once (an acquire). Otherwise one managed thread runs the
// initializer while the others wait for it; if it throws, the next one
// tries (as std::call_once requires); when it returns, the real
// pthread_once completes the word (a release). Running an initializer
// nobody else runs is no step of its own, so a process-wide once completed
// in an earlier schedule (inside the unwinder, say) leaves no trace in
// later ones; waiting for another thread's initializer is.
#include <pthread.h>

#include "intercept.hpp"
#include "per_schedule.hpp"
#include "real_functions.hpp"

RACELAB_REAL_FUNCTION(pthread_once, nullptr)

namespace racelab::detail::intercept {
namespace {

using wait_outcome = scheduler::wait_outcome;
constexpr object_tag once_tag{object_kind::once_flag, nullptr};

struct once_progress {
  thread_record* runner = nullptr;
};
per_schedule<once_progress> g_onces;

bool once_done(pthread_once_t* control) {
  // glibc and ThreadSanitizer's own pthread_once both mark completion with 2.
  return (__atomic_load_n(control, __ATOMIC_ACQUIRE) & 2) != 0;
}

void racelab_once_noop() {}

}  // namespace
}  // namespace racelab::detail::intercept

using namespace racelab::detail;
using namespace racelab::detail::intercept;

extern "C" {

int pthread_once(pthread_once_t* control, void (*init)()) {
  thread_record* self = managed_caller();
  if (self == nullptr || once_done(control)) return real_pthread_once()(control, init);
  const void* pc = __builtin_return_address(0);
  auto claim = [&](thread_record& t) {
    once_progress& p = g_onces.at(control);
    if (p.runner != nullptr && p.runner != &t) return false;
    p.runner = &t;
    return true;
  };
  bool mine = as_runtime(*self, [&](scheduler&, thread_record& t) { return claim(t); });
  while (!mine) {
    const wait_outcome r = as_runtime(*self, [&](scheduler& s, thread_record& t) {
      return s.wait_event(
          t, control, once_tag, false,
          [&] {
            if (once_done(control)) return false;
            mine = claim(t);
            return !mine;
          },
          caller(pc));
    });
    if (r == wait_outcome::not_blocked && !mine) {
      return real_pthread_once()(control, init);  // done: acquire through the real one
    }
  }
  auto finish = [&] {
    as_runtime(*self, [&](scheduler& s, thread_record& t) {
      g_onces.at(control).runner = nullptr;
      if (s.has_waiters(t, control)) s.signal_event(t, control, once_tag, true, caller(pc));
    });
  };
  try {
    init();
  } catch (...) {
    finish();  // not done: the next caller runs the initializer
    throw;
  }
  real_pthread_once()(control, racelab_once_noop);  // marks it done (a release)
  finish();
  return 0;
}

}  // extern "C"
