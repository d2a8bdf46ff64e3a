// Correct: std::async; future::get() returns the result or rethrows the
// task's exception. A future from std::async waits for its task when
// destroyed, so every task has ended when run_all throws.
#include <functional>
#include <future>
#include <vector>

#include "task.hpp"

std::vector<int> run_all(const std::vector<std::function<int()>>& tasks) {
  std::vector<std::future<int>> futures;
  for (const auto& task : tasks)
    futures.push_back(std::async(std::launch::async, task));
  std::vector<int> results;
  for (auto& f : futures)
    results.push_back(f.get());
  return results;
}
