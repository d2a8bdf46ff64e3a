// Correct: store and notify both under the mutex.
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
  opened_.wait(lock, [&] { return open_.load(); });
}
