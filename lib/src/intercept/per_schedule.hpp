// Per-schedule state of objects of unmodified code (internal).
//
// per_schedule<T>::at(address) returns the state of the object at `address`
// for the current schedule: a fresh T the first time a schedule touches it.
// Only the thread holding the turn uses it, inside the runtime (invisible to
// ThreadSanitizer); the spin lock only guards the table's structure.
#pragma once

#include <cstdint>
#include <mutex>
#include <unordered_map>

#include "racelab/detail/runtime.hpp"
#include "spin_lock.hpp"

namespace racelab::detail::intercept {

template <class T>
class per_schedule {
 public:
  T& at(const void* address) {
    std::lock_guard<spin_lock> g(lock_);
    entry& e = table_[address];
    if (e.serial != schedule_serial()) {
      e.value = T{};
      e.serial = schedule_serial();
    }
    return e.value;  // nodes of an unordered_map stay where they are
  }

 private:
  struct entry {
    std::uint64_t serial = ~std::uint64_t{0};
    T value{};
  };
  spin_lock lock_;
  std::unordered_map<const void*, entry> table_;
};

}  // namespace racelab::detail::intercept
