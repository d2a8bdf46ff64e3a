// racelab::once_flag and racelab::call_once: std::call_once built from racelab
// primitives, so a first call that is preempted halfway is explored like any
// other code (std::call_once would block the other callers outside racelab).
//
// Guarantees: `fn` runs exactly once among all callers that return normally;
// if it throws, the flag stays unset and the exception propagates, as with
// std::call_once. Memory ordering: everything `fn` did happens-before every
// call_once on the same flag that returns.
#pragma once

#include <functional>
#include <mutex>
#include <utility>

#include "racelab/atomic.hpp"
#include "racelab/mutex.hpp"
#include "racelab/std_locks.hpp"

namespace racelab {

class once_flag {
 public:
  once_flag() = default;
  once_flag(const once_flag&) = delete;
  once_flag& operator=(const once_flag&) = delete;

 private:
  template <class F, class... Args>
  friend void call_once(once_flag& flag, F&& fn, Args&&... args);

  atomic<bool> done_{false, "once_flag.done"};
  mutex m_{"once_flag.m"};
};

template <class F, class... Args>
void call_once(once_flag& flag, F&& fn, Args&&... args) {
  if (flag.done_.load(std::memory_order_acquire)) return;
  std::lock_guard<mutex> hold(flag.m_);
  if (flag.done_.load(std::memory_order_relaxed)) return;
  std::invoke(std::forward<F>(fn), std::forward<Args>(args)...);
  flag.done_.store(true, std::memory_order_release);
}

}  // namespace racelab
