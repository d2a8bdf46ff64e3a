// Wrong fix (invisible sharing): every exception caught and kept in a slot of
// its own, but the answered flags are still a std::vector<bool>, whose flags
// are bits of shared words: two askers setting answered[0] and answered[1]
// write the same word at once (a data race).
#include <exception>
#include <functional>
#include <limits>
#include <thread>
#include <vector>

#include "task.hpp"

int cheapest(const std::vector<std::function<int()>>& shops) {
  const std::size_t n = shops.size();
  std::vector<int> price(n);
  std::vector<bool> answered(n);
  std::vector<std::exception_ptr> errors(n);
  std::vector<std::thread> askers;
  for (std::size_t i = 0; i < n; ++i) {
    askers.emplace_back([&, i] {
      try {
        price[i] = shops[i]();
        answered[i] = true;
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
  }
  for (auto& a : askers)
    a.join();
  int lowest = std::numeric_limits<int>::max();
  bool any = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (answered[i] && price[i] < lowest) lowest = price[i];
    any = any || answered[i];
  }
  if (!any) std::rethrow_exception(errors[0]);
  return lowest;
}
