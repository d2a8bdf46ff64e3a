// A plausible wrong fix, kept so that the checker is proven to reject it:
// a std::mutex instead of the logger's, still taken once per piece, so two
// workers' pieces can interleave within a line. (Before racelab::intercept,
// a std::mutex was invisible to the checker, and this passed.)
#include <mutex>

#include "task.hpp"

void logger::log(int worker, const std::string& message) {
  static std::mutex line_lock;
  const std::string pieces[] = {"[" + std::to_string(worker) + "] ", message, "\n"};
  for (const auto& piece : pieces) {
    std::lock_guard<std::mutex> hold(line_lock);
    text_ += piece;
  }
}
