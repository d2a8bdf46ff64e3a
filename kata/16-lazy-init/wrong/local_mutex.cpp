// Wrong fix (invisible types): a std::mutex local to get() - every call
// locks its own, which excludes nobody.
#include <atomic>
#include <mutex>
#include <thread>

#include "task.hpp"

connection& pool::get() {
  std::mutex m;
  std::lock_guard<std::mutex> hold(m);
  if (instance_.load() == nullptr) {
    auto& mine = owned_[slot_.fetch_add(1)];
    mine = std::make_unique<connection>(opened_);
    instance_.store(mine.get());
  }
  return *instance_.load();
}
