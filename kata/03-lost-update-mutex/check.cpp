// Checker of exercise 03: explores task.cpp under every schedule within the
// bound; built both plainly and under ThreadSanitizer by the kata runner.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "kata_check.hpp"
#include "task.hpp"

int main() {
  std::printf("The lost update, fixed with a mutex\n");
  kata::explore("count_events(2, 2) == 4 in every schedule",
                [] { racelab::check(count_events(2, 2) == 4, "count_events(2, 2) == 4"); });
  return kata::verdict();
}
