// racelab::mutex and racelab::recursive_mutex: std::mutex and std::recursive_mutex
// whose every operation is a scheduling point inside an exploration.
//
// Guarantees: Lockable (std::lock_guard, std::unique_lock, std::scoped_lock,
// std::lock all work). Outside explore()/replay() each call goes straight to
// the std mutex after one thread-local load. Inside, ownership is modelled by
// the scheduler: a thread whose lock() cannot succeed is simply not chosen
// until the mutex is free, and ThreadSanitizer is told about each lock and
// unlock, so it sees exactly the happens-before edges of a real mutex.
// Misuse (unlocking a mutex the thread does not hold, destroying a locked
// mutex, re-locking a non-recursive mutex) fails the schedule with a message
// naming the thread, the mutex and the source line.
//
// Thread safety: like std::mutex. Memory ordering: unlock synchronizes-with
// the next lock of the same mutex.
#pragma once

#include <mutex>

#include "racelab/detail/runtime.hpp"

namespace racelab {

namespace detail {

template <class Std, object_kind Kind>
class basic_mutex {
 public:
  basic_mutex(source_location loc = source_location::current()) : basic_mutex(nullptr, loc) {}
  // `name` (a string literal or other string that outlives the mutex) is
  // how traces and messages refer to this mutex.
  explicit basic_mutex(const char* name, source_location loc = source_location::current())
      : tag_{Kind, name} {
    if (controlled()) object_created(&std_, tag_, loc);
  }
  ~basic_mutex() {
    if (controlled()) object_destroyed(&std_, tag_);
  }
  basic_mutex(const basic_mutex&) = delete;
  basic_mutex& operator=(const basic_mutex&) = delete;

  void lock(source_location loc = source_location::current()) {
    if (!managed(&std_, "lock", loc) || mutex_lock(&std_, tag_, loc) == mode::real) std_.lock();
  }
  bool try_lock(source_location loc = source_location::current()) {
    if (!managed(&std_, "try_lock", loc)) return std_.try_lock();
    const int got = mutex_try_lock(&std_, tag_, loc);
    return got < 0 ? std_.try_lock() : got == 1;
  }
  void unlock(source_location loc = source_location::current()) {
    if (!managed(&std_, "unlock", loc) || mutex_unlock(&std_, tag_, loc) == mode::real)
      std_.unlock();
  }

  Std& native() noexcept { return std_; }
  object_tag tag() const noexcept { return tag_; }

 private:
  Std std_;
  object_tag tag_;
};

}  // namespace detail

using mutex = detail::basic_mutex<std::mutex, detail::object_kind::mutex>;
using recursive_mutex =
    detail::basic_mutex<std::recursive_mutex, detail::object_kind::recursive_mutex>;

}  // namespace racelab
