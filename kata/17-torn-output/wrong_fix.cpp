// A fix that only makes the bug rarer; the runner's tests prove it is rejected.
#include <mutex>

#include "task.hpp"

// Wrong fix: yield before each piece so the other writer finishes first.
void logger::log(int worker, const std::string& message) {
  const std::string pieces[] = {"[" + std::to_string(worker) + "] ", message, "\n"};
  for (const auto& piece : pieces) {
    racelab::yield();
    std::lock_guard<racelab::mutex> hold(m_);
    text_ += piece;
  }
}
