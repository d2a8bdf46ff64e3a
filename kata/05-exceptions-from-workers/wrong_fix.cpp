// A fix that only makes the bug rarer; the runner's tests prove it is rejected.
#include <functional>
#include <vector>

#include <racelab/harness.hpp>

#include "task.hpp"

// Wrong fix: swallow the exception so nothing terminates.
std::vector<int> run_all(const std::vector<std::function<int()>>& tasks) {
  std::vector<int> results(tasks.size());
  std::vector<racelab::thread> workers;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    workers.emplace_back([&, i] {
      try {
        results[i] = tasks[i]();
      } catch (...) {
      }
    });
  }
  for (auto& w : workers)
    w.join();
  return results;
}
