// Correct: a std::atomic_flag spin lock (acquire to take, release to
// give back) that yields while busy.
#include <atomic>
#include <mutex>
#include <thread>

#include "task.hpp"

namespace {
std::atomic_flag busy = ATOMIC_FLAG_INIT;
}

void logger::log(int worker, const std::string& message) {
  while (busy.test_and_set(std::memory_order_acquire))
    std::this_thread::yield();
  text_ += "[" + std::to_string(worker) + "] ";
  text_ += message;
  text_ += "\n";
  busy.clear(std::memory_order_release);
}
