// The starting state of the exercise (make kata-reset restores task.cpp from it).
#include <functional>
#include <limits>
#include <thread>
#include <vector>

#include "task.hpp"

int cheapest(const std::vector<std::function<int()>>& shops) {
  const std::size_t n = shops.size();
  std::vector<int> price(n);
  std::vector<bool> answered(n);
  std::vector<std::thread> askers;
  for (std::size_t i = 0; i < n; ++i) {
    // TODO: a shop that throws, and the slots themselves.
    askers.emplace_back([&, i] {
      price[i] = shops[i]();
      answered[i] = true;
    });
  }
  for (auto& a : askers)
    a.join();
  int lowest = std::numeric_limits<int>::max();
  for (std::size_t i = 0; i < n; ++i) {
    if (answered[i] && price[i] < lowest) lowest = price[i];
  }
  return lowest;
}
