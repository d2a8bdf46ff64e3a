// A fix that only makes the bug rarer; the runner's tests prove it is rejected.
#include <mutex>

#include "task.hpp"

void gate::open() {
  racelab::yield();  // Wrong fix: let the waiters get ready first
  open_.store(true);
  opened_.notify_all();
}

void gate::wait_until_open() {
  if (!open_.load()) {
    std::unique_lock<racelab::mutex> lock(m_);
    opened_.wait(lock);
  }
}
