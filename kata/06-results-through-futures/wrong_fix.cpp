// A fix that only makes the bug rarer; the runner's tests prove it is rejected.
#include <functional>
#include <limits>
#include <thread>
#include <vector>

#include "task.hpp"

// Wrong fix: a byte per flag (no more data race) and every exception
// swallowed in the asker, so nothing terminates; but when every shop fails,
// cheapest returns a meaningless price instead of throwing.
int cheapest(const std::vector<std::function<int()>>& shops) {
  const std::size_t n = shops.size();
  std::vector<int> price(n);
  std::vector<char> answered(n);
  std::vector<std::thread> askers;
  for (std::size_t i = 0; i < n; ++i) {
    askers.emplace_back([&, i] {
      try {
        price[i] = shops[i]();
        answered[i] = true;
      } catch (...) {
      }
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
