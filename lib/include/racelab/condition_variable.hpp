// racelab::condition_variable: std::condition_variable over racelab::mutex.
//
// Guarantees: wait(lock) atomically releases the mutex and blocks until
// notified, then re-acquires the mutex before returning; wait(lock, pred) is
// `while (!pred()) wait(lock);`. Inside an exploration a waiter becomes
// runnable only after a notify_one/notify_all that targets it (FIFO among
// waiters; no spurious wake-ups), so a lost wake-up shows up as a deadlock
// naming the waiting thread. Outside, each call is the std call.
//
// Thread safety: like std::condition_variable. Memory ordering: waking up
// re-acquires the mutex, which synchronizes-with its previous unlock; notify
// itself creates no happens-before edge, as in the standard.
#pragma once

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
    if (!detail::controlled() || detail::cv_notify(this, tag_, false, loc) == detail::mode::real) {
      std_.notify_one();
    }
  }
  void notify_all(source_location loc = source_location::current()) {
    if (!detail::controlled() || detail::cv_notify(this, tag_, true, loc) == detail::mode::real) {
      std_.notify_all();
    }
  }

  void wait(std::unique_lock<mutex>& lock, source_location loc = source_location::current()) {
    if (detail::controlled() &&
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

 private:
  std::condition_variable std_;
  detail::object_tag tag_;
};

}  // namespace racelab
