// A fix that only makes the bug rarer; the runner's tests prove it is rejected.
#include <mutex>

#include "task.hpp"

void mailbox::put(int item) {
  std::lock_guard<racelab::mutex> hold(m_);
  items_.push_back(item);
  not_empty_.notify_all();
}

// Wrong fix: give the other consumer a chance to go first, then check once.
int mailbox::take() {
  racelab::yield();
  std::unique_lock<racelab::mutex> lock(m_);
  if (items_.empty()) not_empty_.wait(lock);
  racelab::check(!items_.empty(), "take() never pops from an empty queue");
  const int item = items_.front();
  items_.pop_front();
  return item;
}
