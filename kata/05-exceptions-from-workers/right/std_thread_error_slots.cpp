// Correct: std::thread, an error slot per task, rethrown after every join.
#include <exception>
#include <functional>
#include <vector>

#include <thread>

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
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  return results;
}
