// Checker of exercise 01: explores task.cpp under every schedule within the
// bound; built both plainly and under ThreadSanitizer by the kata runner.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "kata_check.hpp"
#include "task.hpp"

int main() {
  std::printf("Starting and joining threads\n");
  kata::explore("squares(3) == {0, 1, 4} in every schedule", [] {
    racelab::check(squares(3) == std::vector<int>{0, 1, 4}, "squares(3) == {0, 1, 4}");
  });
  return kata::verdict();
}
