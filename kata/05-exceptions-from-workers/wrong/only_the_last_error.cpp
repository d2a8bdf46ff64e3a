// Wrong fix (narrow): looks only at the last task's error slot, the one an
// example with the last task failing would exercise.
#include <exception>
#include <functional>
#include <thread>
#include <vector>

#include "task.hpp"

std::vector<int> run_all(const std::vector<std::function<int()>>& tasks) {
  std::vector<int> results(tasks.size());
  std::vector<std::exception_ptr> errors(tasks.size());
  std::vector<std::thread> workers;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    workers.emplace_back([&, i] {
      try {
        results[i] = tasks[i]();
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
  }
  for (auto& w : workers)
    w.join();
  if (!errors.empty() && errors.back()) std::rethrow_exception(errors.back());
  return results;
}
