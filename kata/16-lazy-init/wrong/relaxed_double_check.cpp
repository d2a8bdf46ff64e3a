// Wrong fix (memory order): call_once for the creation, but a relaxed
// fast path: a caller that sees the pointer has not synchronized with the
// constructor, so reading the connection's port races.
#include <atomic>
#include <mutex>
#include <thread>

#include "task.hpp"

connection& pool::get() {
  if (connection* c = instance_.load(std::memory_order_relaxed)) return *c;
  racelab::call_once(once_, [this] {
    owned_[0] = std::make_unique<connection>(opened_);
    instance_.store(owned_[0].get(), std::memory_order_relaxed);
  });
  return *instance_.load(std::memory_order_relaxed);
}
