// Correct: double-checked locking done right: an acquire fast path, a
// spin lock (slot_ as the lock word, yielding while busy) around the
// re-check and the creation, and a release store publishing it.
#include <atomic>
#include <mutex>
#include <thread>

#include "task.hpp"

connection& pool::get() {
  if (connection* c = instance_.load(std::memory_order_acquire)) return *c;
  while (slot_.exchange(1, std::memory_order_acquire) != 0)
    std::this_thread::yield();
  if (instance_.load(std::memory_order_relaxed) == nullptr) {
    owned_[0] = std::make_unique<connection>(opened_);
    instance_.store(owned_[0].get(), std::memory_order_release);
  }
  slot_.store(0, std::memory_order_release);
  return *instance_.load(std::memory_order_acquire);
}
