// Wrong fix (narrow): only the message piece is appended under the lock.
#include <atomic>
#include <mutex>
#include <thread>

#include "task.hpp"

void logger::log(int worker, const std::string& message) {
  text_ += "[" + std::to_string(worker) + "] ";
  {
    std::lock_guard<racelab::mutex> hold(m_);
    text_ += message;
  }
  text_ += "\n";
}
