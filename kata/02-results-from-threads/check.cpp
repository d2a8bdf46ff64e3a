// Checker of exercise 02: explores task.cpp under every schedule within the
// bound; built both plainly and under ThreadSanitizer by the kata runner.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "kata_check.hpp"
#include "task.hpp"

int main() {
  std::printf("Returning results from threads\n");
  kata::explore("parallel_sum({1..6}, 2) == 21 in every schedule", [] {
    const std::vector<int> data{1, 2, 3, 4, 5, 6};
    racelab::check(parallel_sum(data, 2) == 21, "parallel_sum == 21");
  });
  return kata::verdict();
}
