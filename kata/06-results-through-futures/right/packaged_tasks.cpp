// Correct: a std::packaged_task per shop, each run on a std::thread of its
// own; its future holds the price or the exception. Every thread is joined
// before any future is read, so none is left joinable when cheapest throws.
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
    std::packaged_task<int()> ask(shop);
    answers.push_back(ask.get_future());
    askers.emplace_back(std::move(ask));
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
