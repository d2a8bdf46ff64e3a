// racelab::condition_variable: std::condition_variable over racelab::mutex.
//
// Guarantees: wait(lock) atomically releases the mutex and blocks until
// notified, then re-acquires the mutex before returning; wait(lock, pred) is
// `while (!pred()) wait(lock);`. Inside an exploration a waiter becomes
// runnable only after a notify_one/notify_all that targets it (FIFO among
// waiters; no spurious wake-ups), so a lost wake-up shows up as a deadlock
// naming the waiting thread. wait_for/wait_until may instead time out at any
// step where the mutex is free: the time itself is not modelled, the choice
// is. dfs and pct let other threads run before a wait times out (fairness,
// so polling loops end); the random strategy also explores early timeouts.
// Outside an exploration, each call is the std call.
//
// Thread safety: like std::condition_variable. Memory ordering: waking up
// re-acquires the mutex, which synchronizes-with its previous unlock; notify
// itself creates no happens-before edge, as in the standard.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "racelab/mutex.hpp"
#include "racelab/std_locks.hpp"

namespace racelab {

class condition_variable {
 public:
  explicit condition_variable(const char* name = nullptr,
                              source_location loc = source_location::current())
      : tag_{detail::object_kind::condition_variable, name} {
    if (detail::controlled()) detail::object_created(this, tag_, loc);
  }
  ~condition_variable() {
    if (detail::controlled()) detail::object_destroyed(this, tag_);
  }
  condition_variable(const condition_variable&) = delete;
  condition_variable& operator=(const condition_variable&) = delete;

  void notify_one(source_location loc = source_location::current()) {
    if (!detail::managed(this, "notify_one", loc) ||
        detail::cv_notify(this, tag_, false, loc) == detail::mode::real) {
      std_.notify_one();
    }
  }
  void notify_all(source_location loc = source_location::current()) {
    if (!detail::managed(this, "notify_all", loc) ||
        detail::cv_notify(this, tag_, true, loc) == detail::mode::real) {
      std_.notify_all();
    }
  }

  void wait(std::unique_lock<mutex>& lock, source_location loc = source_location::current()) {
    if (detail::managed(this, "wait", loc) &&
        detail::cv_wait(this, tag_, &lock.mutex()->native(), lock.mutex()->tag(), loc) ==
            detail::mode::modelled) {
      return;
    }
    std::unique_lock<std::mutex> native(lock.mutex()->native(), std::adopt_lock);
    std_.wait(native);
    native.release();
  }

  template <class Predicate>
  void wait(std::unique_lock<mutex>& lock, Predicate pred,
            source_location loc = source_location::current()) {
    while (!pred())
      wait(lock, loc);
  }

  template <class Clock, class Duration>
  std::cv_status wait_until(std::unique_lock<mutex>& lock,
                            const std::chrono::time_point<Clock, Duration>& deadline,
                            source_location loc = source_location::current()) {
    bool timed_out = false;
    if (detail::managed(this, "wait_until", loc) &&
        detail::cv_wait_timed(this, tag_, &lock.mutex()->native(), lock.mutex()->tag(), timed_out,
                              loc) == detail::mode::modelled) {
      return timed_out ? std::cv_status::timeout : std::cv_status::no_timeout;
    }
    std::unique_lock<std::mutex> native(lock.mutex()->native(), std::adopt_lock);
    const std::cv_status status = std_.wait_until(native, deadline);
    native.release();
    return status;
  }

  template <class Clock, class Duration, class Predicate>
  bool wait_until(std::unique_lock<mutex>& lock,
                  const std::chrono::time_point<Clock, Duration>& deadline, Predicate pred,
                  source_location loc = source_location::current()) {
    while (!pred()) {
      if (wait_until(lock, deadline, loc) == std::cv_status::timeout) return pred();
    }
    return true;
  }

  template <class Rep, class Period>
  std::cv_status wait_for(std::unique_lock<mutex>& lock,
                          const std::chrono::duration<Rep, Period>& timeout,
                          source_location loc = source_location::current()) {
    return wait_until(lock, std::chrono::steady_clock::now() + timeout, loc);
  }

  template <class Rep, class Period, class Predicate>
  bool wait_for(std::unique_lock<mutex>& lock, const std::chrono::duration<Rep, Period>& timeout,
                Predicate pred, source_location loc = source_location::current()) {
    return wait_until(lock, std::chrono::steady_clock::now() + timeout, std::move(pred), loc);
  }

 private:
  std::condition_variable std_;
  detail::object_tag tag_;
};

}  // namespace racelab
