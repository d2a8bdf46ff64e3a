// Correct: std::thread, each joined before the result is read.
#include <thread>
#include <vector>

#include "task.hpp"

std::vector<int> squares(int n) {
  std::vector<int> out(static_cast<std::size_t>(n));
  std::vector<std::thread> workers;
  for (int i = 0; i < n; ++i)
    workers.emplace_back([&out, i] { out[static_cast<std::size_t>(i)] = i * i; });
  for (auto& w : workers)
    w.join();
  return out;
}
