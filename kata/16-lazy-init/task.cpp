// Your file: make the TODOs right, then run `make kata`.
#include "task.hpp"

connection& pool::get() {
  if (instance_.load() == nullptr) {  // TODO: check, then act
    auto& mine = owned_[slot_.fetch_add(1)];
    mine = std::make_unique<connection>(opened_);
    instance_.store(mine.get());
  }
  return *instance_.load();
}
