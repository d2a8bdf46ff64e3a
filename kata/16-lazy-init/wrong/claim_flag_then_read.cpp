// Wrong fix (a crash): the first caller claims creation with an atomic
// exchange; a second caller does not wait and reads a null pointer.
#include <atomic>
#include <mutex>
#include <thread>

#include "task.hpp"

connection& pool::get() {
  if (slot_.exchange(1) == 0) {
    owned_[0] = std::make_unique<connection>(opened_);
    instance_.store(owned_[0].get());
  }
  return *instance_.load();
}
