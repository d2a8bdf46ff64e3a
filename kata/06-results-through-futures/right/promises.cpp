// Another correct solution: a std::promise per shop, kept by the thread
// that asks it, which sets either the price or the exception; the caller
// reads the futures after joining every thread.
#include <exception>
#include <functional>
#include <future>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "task.hpp"

int cheapest(const std::vector<std::function<int()>>& shops) {
  std::vector<std::future<int>> answers;
  std::vector<std::thread> askers;
  for (const auto& shop : shops) {
    std::promise<int> answer;
    answers.push_back(answer.get_future());
    askers.emplace_back([&shop, answer = std::move(answer)]() mutable {
      try {
        answer.set_value(shop());
      } catch (...) {
        answer.set_exception(std::current_exception());
      }
    });
  }
  for (auto& a : askers)
    a.join();
  std::optional<int> lowest;
  std::exception_ptr first_error;
  for (auto& answer : answers) {
    try {
      const int price = answer.get();
      if (!lowest || price < *lowest) lowest = price;
    } catch (...) {
      if (!first_error) first_error = std::current_exception();
    }
  }
  if (!lowest) std::rethrow_exception(first_error);
  return *lowest;
}
