// Correct: the flag set under the mutex, and a wait loop re-checking it.
#include <chrono>
#include <mutex>
#include <thread>

#include "task.hpp"

void gate::open() {
  {
    std::lock_guard<racelab::mutex> hold(m_);
    open_.store(true);
  }
  opened_.notify_all();
}

void gate::wait_until_open() {
  std::unique_lock<racelab::mutex> lock(m_);
  while (!open_.load())
    opened_.wait(lock);
}
