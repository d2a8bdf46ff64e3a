// Correct: the line built outside the lock, appended under it.
#include <atomic>
#include <mutex>
#include <thread>

#include "task.hpp"

void logger::log(int worker, const std::string& message) {
  const std::string line = "[" + std::to_string(worker) + "] " + message + "\n";
  std::lock_guard<racelab::mutex> hold(m_);
  text_ += line;
}
