// Correct: one std::mutex for every pool, held across the check and the
// creation (coarse: pools never initialize in parallel).
#include <atomic>
#include <mutex>
#include <thread>

#include "task.hpp"

namespace {
std::mutex creating;
}

connection& pool::get() {
  std::lock_guard<std::mutex> hold(creating);
  if (instance_.load() == nullptr) {
    owned_[0] = std::make_unique<connection>(opened_);
    instance_.store(owned_[0].get());
  }
  return *instance_.load();
}
