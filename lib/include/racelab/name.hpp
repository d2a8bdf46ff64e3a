// racelab::name: what traces call an object of unmodified code.
//
//   std::mutex accounts;
//   racelab::name(accounts, "accounts");   // traces say "lock accounts"
//
// Objects seen through racelab::intercept (std::mutex, std::shared_mutex,
// std::condition_variable, pthread and sem_t objects, futex words) are
// otherwise named by kind and order of first use in the schedule
// ("mutex#1", "sem#2"). racelab's own primitives take their name in their
// constructor. A name sticks to the address until the address is named
// again, so name objects that live across the exploration, or name them
// inside the body.
//
// Thread-safe; may be called anywhere, inside an exploration or not.
#pragma once

#include <memory>
#include <string_view>

namespace racelab {

namespace detail {
void set_name(const void* address, std::string_view label);
}  // namespace detail

template <class T>
void name(const T& object, std::string_view label) {
  detail::set_name(std::addressof(object), label);
}

}  // namespace racelab
