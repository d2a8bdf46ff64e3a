// Wrong fix (crash): rethrows a task's exception as soon as its worker is
// joined, while later workers are still joinable: their std::thread
// destructors call std::terminate.
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
  for (std::size_t i = 0; i < workers.size(); ++i) {
    workers[i].join();
    if (errors[i]) std::rethrow_exception(errors[i]);
  }
  return results;
}
