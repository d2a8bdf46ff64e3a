// A fix that only makes the bug rarer; the runner's tests prove it is rejected.
#include "task.hpp"

// Wrong fix: check twice before creating.
connection& pool::get() {
  if (instance_.load() == nullptr && instance_.load() == nullptr) {
    auto& mine = owned_[slot_.fetch_add(1)];
    mine = std::make_unique<connection>(opened_);
    instance_.store(mine.get());
  }
  return *instance_.load();
}
