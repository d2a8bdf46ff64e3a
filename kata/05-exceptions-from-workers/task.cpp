// Your file: make the TODOs right, then run `make kata`.
#include <functional>
#include <vector>

#include <racelab/harness.hpp>

#include "task.hpp"

std::vector<int> run_all(const std::vector<std::function<int()>>& tasks) {
  std::vector<int> results(tasks.size());
  std::vector<racelab::thread> workers;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    // TODO: an exception thrown by tasks[i] must reach the caller.
    workers.emplace_back([&, i] { results[i] = tasks[i](); });
  }
  for (auto& w : workers)
    w.join();
  return results;
}
