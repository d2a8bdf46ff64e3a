// Your file: make the TODOs right, then run `make kata`.
#include <mutex>

#include "task.hpp"

void logger::log(int worker, const std::string& message) {
  const std::string pieces[] = {"[" + std::to_string(worker) + "] ", message, "\n"};
  for (const auto& piece : pieces) {
    std::lock_guard<racelab::mutex> hold(m_);  // TODO: locks each piece, not the line
    text_ += piece;
  }
}
