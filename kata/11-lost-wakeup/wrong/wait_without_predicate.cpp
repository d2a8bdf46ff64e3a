// Wrong fix (not looping): the flag set under the mutex, but the waiter
// waits once, without re-checking: a spurious wake-up lets it in early,
// and a check that finds the gate open only before locking.
#include <chrono>
#include <mutex>
#include <thread>

#include "task.hpp"

void gate::open() {
  std::lock_guard<racelab::mutex> hold(m_);
  open_.store(true);
  opened_.notify_all();
}

void gate::wait_until_open() {
  std::unique_lock<racelab::mutex> lock(m_);
  if (!open_.load()) opened_.wait(lock);
  racelab::check(open_.load(), "the player only gets in once the gate is open");
}
