// Wrong fix (narrow): the flag is set under the mutex and the waiter loops,
// but open() wakes one waiter only; with two players, the other sleeps on.
#include <mutex>

#include "task.hpp"

void gate::open() {
  std::lock_guard<racelab::mutex> hold(m_);
  open_.store(true);
  opened_.notify_one();
}

void gate::wait_until_open() {
  std::unique_lock<racelab::mutex> lock(m_);
  opened_.wait(lock, [&] { return open_.load(); });
}
