// Reference solution (make kata-solution shows it once the exercise passes).
#include "task.hpp"

connection& pool::get() {
  racelab::call_once(once_, [this] {
    owned_[0] = std::make_unique<connection>(opened_);
    instance_.store(owned_[0].get());
  });
  return *instance_.load();
}
