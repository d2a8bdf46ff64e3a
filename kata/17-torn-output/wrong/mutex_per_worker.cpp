// Wrong fix (invisible types): a std::mutex per worker number. Workers
// with different numbers exclude nothing.
#include <atomic>
#include <mutex>
#include <thread>

#include "task.hpp"

namespace {
std::mutex per_worker[8];
}

void logger::log(int worker, const std::string& message) {
  std::lock_guard<std::mutex> hold(per_worker[worker % 8]);
  text_ += "[" + std::to_string(worker) + "] ";
  text_ += message;
  text_ += "\n";
}
