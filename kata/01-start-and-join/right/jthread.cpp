// Correct: std::jthread joins when it goes out of scope, before the return
// value is copied out of `out`.
#include <thread>
#include <vector>

#include "task.hpp"

std::vector<int> squares(int n) {
  std::vector<int> out(static_cast<std::size_t>(n));
  {
    std::vector<std::jthread> workers;
    for (int i = 0; i < n; ++i)
      workers.emplace_back([&out, i] { out[static_cast<std::size_t>(i)] = i * i; });
  }  // every jthread joined here
  return out;
}
