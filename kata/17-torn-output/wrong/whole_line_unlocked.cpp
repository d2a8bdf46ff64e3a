// Wrong fix: the line is built first and appended in one call, without
// a lock. One call is not one step: the append still races.
#include <atomic>
#include <mutex>
#include <thread>

#include "task.hpp"

void logger::log(int worker, const std::string& message) {
  const std::string line = "[" + std::to_string(worker) + "] " + message + "\n";
  text_ += line;
}
