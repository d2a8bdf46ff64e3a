// Checker of exercise 05: explores task.cpp under every schedule within the
// bound; built both plainly and under ThreadSanitizer by the kata runner.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "kata_check.hpp"
#include "task.hpp"

int main() {
  std::printf("Collecting results, with exceptions reaching the caller\n");
  kata::explore("results come back in order", [] {
    const auto r = run_all({[] { return 1; }, [] { return 2; }});
    racelab::check(r == std::vector<int>{1, 2}, "run_all returns {1, 2}");
  });
  kata::explore("a task's exception reaches the caller", [] {
    bool caught = false;
    try {
      run_all({[] { return 1; }, []() -> int { throw std::runtime_error("task failed"); }});
    } catch (const std::runtime_error&) {
      caught = true;
    }
    racelab::check(caught, "run_all rethrows the task's exception");
  });
  return kata::verdict();
}
