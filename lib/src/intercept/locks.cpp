// Mutexes and reader-writer locks of unmodified code (intercept.hpp).
//
// A pthread mutex is racelab's mutex model (normal, error-checking and
// recursive kinds as glibc reads them from the object; adaptive, robust and
// priority-inheritance ones as their base kind); a pthread rwlock is a
// shared mutex. Inside an exploration the real object is never touched:
// the model is the lock, and ThreadSanitizer is told each modelled lock and
// unlock through its mutex annotations on the object's address, the same
// synchronization object its own interceptors use outside explorations. So
// a thread parked for ever in an abandoned schedule holds no real lock that
// a later exploration of the same program could trip over.
// Timed locks behave as try-locks: time is modelled, and a timed lock that
// is scheduled late is one that waited; failing means it timed out.
// Misuse follows POSIX where it defines the answer (error-checking and
// recursive mutexes: EDEADLK, EPERM; any trylock by the owner of a
// non-recursive mutex: EBUSY) and is reported as misuse where it is
// undefined (unlocking a normal mutex one does not hold).
#include <pthread.h>

#include <cerrno>

#include "intercept.hpp"
#include "real_functions.hpp"

RACELAB_REAL_FUNCTION(pthread_mutex_init, nullptr)
RACELAB_REAL_FUNCTION(pthread_mutex_destroy, nullptr)
RACELAB_REAL_FUNCTION(pthread_mutex_lock, nullptr)
RACELAB_REAL_FUNCTION(pthread_mutex_trylock, nullptr)
RACELAB_REAL_FUNCTION(pthread_mutex_timedlock, nullptr)
RACELAB_REAL_FUNCTION(pthread_mutex_clocklock, nullptr)
RACELAB_REAL_FUNCTION(pthread_mutex_unlock, nullptr)
RACELAB_REAL_FUNCTION(pthread_rwlock_destroy, nullptr)
RACELAB_REAL_FUNCTION(pthread_rwlock_rdlock, nullptr)
RACELAB_REAL_FUNCTION(pthread_rwlock_tryrdlock, nullptr)
RACELAB_REAL_FUNCTION(pthread_rwlock_timedrdlock, nullptr)
RACELAB_REAL_FUNCTION(pthread_rwlock_clockrdlock, nullptr)
RACELAB_REAL_FUNCTION(pthread_rwlock_wrlock, nullptr)
RACELAB_REAL_FUNCTION(pthread_rwlock_trywrlock, nullptr)
RACELAB_REAL_FUNCTION(pthread_rwlock_timedwrlock, nullptr)
RACELAB_REAL_FUNCTION(pthread_rwlock_clockwrlock, nullptr)
RACELAB_REAL_FUNCTION(pthread_rwlock_unlock, nullptr)

namespace racelab::detail::intercept {
namespace {

constexpr object_tag rwlock_tag{object_kind::shared_mutex, nullptr};

int lock(thread_record& self, pthread_mutex_t* m, const void* pc) {
  if (type_of(m) == mutex_type::error_check && holds(self, m)) return EDEADLK;
  as_runtime(self, [&](scheduler& s, thread_record& t) { s.lock(t, m, tag_of(m), caller(pc)); });
  tsan::mutex_lock(m, false, true, 0);
  return 0;
}

int try_lock(thread_record& self, pthread_mutex_t* m, int busy, const void* pc) {
  if (type_of(m) != mutex_type::recursive && holds(self, m)) return busy;
  const bool got = as_runtime(self, [&](scheduler& s, thread_record& t) {
    return s.try_lock(t, m, tag_of(m), caller(pc));
  });
  if (!got) return busy;
  tsan::mutex_lock(m, false, true, 0);
  return 0;
}

int rdlock(thread_record& self, pthread_rwlock_t* rw, bool try_only, int busy, const void* pc) {
  const bool got = as_runtime(self, [&](scheduler& s, thread_record& t) {
    if (try_only) return s.try_lock_shared(t, rw, rwlock_tag, caller(pc));
    s.lock_shared(t, rw, rwlock_tag, caller(pc));
    return true;
  });
  if (!got) return busy;
  tsan::mutex_lock_shared(rw);
  return 0;
}

int wrlock(thread_record& self, pthread_rwlock_t* rw, bool try_only, int busy, const void* pc) {
  if (holds(self, rw)) return try_only ? busy : EDEADLK;
  const bool got = as_runtime(self, [&](scheduler& s, thread_record& t) {
    if (try_only) return s.try_lock(t, rw, rwlock_tag, caller(pc));
    s.lock(t, rw, rwlock_tag, caller(pc));
    return true;
  });
  if (!got) return busy;
  tsan::mutex_lock(rw, false, true, 0);
  return 0;
}

}  // namespace
}  // namespace racelab::detail::intercept

using namespace racelab::detail;
using namespace racelab::detail::intercept;

extern "C" {

int pthread_mutex_init(pthread_mutex_t* m, const pthread_mutexattr_t* attr) noexcept {
  if (thread_record* self = managed_thread()) {
    const void* pc = __builtin_return_address(0);
    as_runtime(*self, [&](scheduler& s, thread_record& t) {
      s.object_created(t, m, {object_kind::mutex, nullptr}, caller(pc));
    });
  }
  return real_pthread_mutex_init()(m, attr);
}

int pthread_mutex_destroy(pthread_mutex_t* m) noexcept {
  if (thread_record* self = managed_thread()) {
    as_runtime(*self, [&](scheduler& s, thread_record& t) { s.object_destroyed(t, m, tag_of(m)); });
  }
  return real_pthread_mutex_destroy()(m);
}

int pthread_mutex_lock(pthread_mutex_t* m) noexcept {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_pthread_mutex_lock()(m);
  return lock(*self, m, __builtin_return_address(0));
}

int pthread_mutex_trylock(pthread_mutex_t* m) noexcept {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_pthread_mutex_trylock()(m);
  return try_lock(*self, m, EBUSY, __builtin_return_address(0));
}

int pthread_mutex_timedlock(pthread_mutex_t* m, const timespec* deadline) noexcept {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_pthread_mutex_timedlock()(m, deadline);
  if (type_of(m) == mutex_type::error_check && holds(*self, m)) return EDEADLK;
  return try_lock(*self, m, ETIMEDOUT, __builtin_return_address(0));
}

int pthread_mutex_clocklock(pthread_mutex_t* m, clockid_t clock,
                            const timespec* deadline) noexcept {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_pthread_mutex_clocklock()(m, clock, deadline);
  if (type_of(m) == mutex_type::error_check && holds(*self, m)) return EDEADLK;
  return try_lock(*self, m, ETIMEDOUT, __builtin_return_address(0));
}

int pthread_mutex_unlock(pthread_mutex_t* m) noexcept {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_pthread_mutex_unlock()(m);
  if (type_of(m) != mutex_type::normal && !holds(*self, m)) return EPERM;
  const void* pc = __builtin_return_address(0);
  const bool released = as_runtime(
      *self, [&](scheduler& s, thread_record& t) { return s.unlock(t, m, tag_of(m), caller(pc)); });
  if (!released) return EPERM;  // reported as misuse
  tsan::mutex_unlock(m);
  return 0;
}

int pthread_rwlock_destroy(pthread_rwlock_t* rw) noexcept {
  if (thread_record* self = managed_thread()) {
    as_runtime(*self,
               [&](scheduler& s, thread_record& t) { s.object_destroyed(t, rw, rwlock_tag); });
  }
  return real_pthread_rwlock_destroy()(rw);
}

int pthread_rwlock_rdlock(pthread_rwlock_t* rw) noexcept {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_pthread_rwlock_rdlock()(rw);
  return rdlock(*self, rw, false, EBUSY, __builtin_return_address(0));
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t* rw) noexcept {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_pthread_rwlock_tryrdlock()(rw);
  return rdlock(*self, rw, true, EBUSY, __builtin_return_address(0));
}

int pthread_rwlock_timedrdlock(pthread_rwlock_t* rw, const timespec* deadline) noexcept {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_pthread_rwlock_timedrdlock()(rw, deadline);
  return rdlock(*self, rw, true, ETIMEDOUT, __builtin_return_address(0));
}

int pthread_rwlock_clockrdlock(pthread_rwlock_t* rw, clockid_t clock,
                               const timespec* deadline) noexcept {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_pthread_rwlock_clockrdlock()(rw, clock, deadline);
  return rdlock(*self, rw, true, ETIMEDOUT, __builtin_return_address(0));
}

int pthread_rwlock_wrlock(pthread_rwlock_t* rw) noexcept {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_pthread_rwlock_wrlock()(rw);
  return wrlock(*self, rw, false, EBUSY, __builtin_return_address(0));
}

int pthread_rwlock_trywrlock(pthread_rwlock_t* rw) noexcept {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_pthread_rwlock_trywrlock()(rw);
  return wrlock(*self, rw, true, EBUSY, __builtin_return_address(0));
}

int pthread_rwlock_timedwrlock(pthread_rwlock_t* rw, const timespec* deadline) noexcept {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_pthread_rwlock_timedwrlock()(rw, deadline);
  return wrlock(*self, rw, true, ETIMEDOUT, __builtin_return_address(0));
}

int pthread_rwlock_clockwrlock(pthread_rwlock_t* rw, clockid_t clock,
                               const timespec* deadline) noexcept {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_pthread_rwlock_clockwrlock()(rw, clock, deadline);
  return wrlock(*self, rw, true, ETIMEDOUT, __builtin_return_address(0));
}

int pthread_rwlock_unlock(pthread_rwlock_t* rw) noexcept {
  thread_record* self = managed_caller();
  if (self == nullptr) return real_pthread_rwlock_unlock()(rw);
  const void* pc = __builtin_return_address(0);
  bool exclusive = false;
  const bool released = as_runtime(*self, [&](scheduler& s, thread_record& t) {
    exclusive = s.holds(t, rw);
    return exclusive ? s.unlock(t, rw, rwlock_tag, caller(pc))
                     : s.unlock_shared(t, rw, rwlock_tag, caller(pc));
  });
  if (!released) return EPERM;  // reported as misuse
  if (exclusive) {
    tsan::mutex_unlock(rw);
  } else {
    tsan::mutex_unlock_shared(rw);
  }
  return 0;
}

}  // extern "C"
