// Wrong fix (narrow): one std::exception_ptr shared by every worker. Right
// while one task throws; when two do, both write it at once (a data race).
#include <exception>
#include <functional>
#include <thread>
#include <vector>

#include "task.hpp"

std::vector<int> run_all(const std::vector<std::function<int()>>& tasks) {
  std::vector<int> results(tasks.size());
  std::exception_ptr error;
  std::vector<std::thread> workers;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    workers.emplace_back([&, i] {
      try {
        results[i] = tasks[i]();
      } catch (...) {
        error = std::current_exception();
      }
    });
  }
  for (auto& w : workers)
    w.join();
  if (error) std::rethrow_exception(error);
  return results;
}
