// Wrong fix: notifies first, then opens: a waiter woken in between finds
// the gate shut and waits again, for a notification that already came.
#include <chrono>
#include <mutex>
#include <thread>

#include "task.hpp"

void gate::open() {
  opened_.notify_all();
  std::lock_guard<racelab::mutex> hold(m_);
  open_.store(true);
}

void gate::wait_until_open() {
  std::unique_lock<racelab::mutex> lock(m_);
  opened_.wait(lock, [&] { return open_.load(); });
}
