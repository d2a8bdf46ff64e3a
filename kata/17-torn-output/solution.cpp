// Reference solution (make kata-solution shows it once the exercise passes).
#include <mutex>

#include "task.hpp"

void logger::log(int worker, const std::string& message) {
  const std::string pieces[] = {"[" + std::to_string(worker) + "] ", message, "\n"};
  std::lock_guard<racelab::mutex> hold(m_);
  for (const auto& piece : pieces)
    text_ += piece;
}
