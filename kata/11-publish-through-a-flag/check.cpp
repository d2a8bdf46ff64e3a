// Checker of exercise 11: explores task.cpp under every schedule within the
// bound; built both plainly and under ThreadSanitizer by the kata runner.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "kata_check.hpp"
#include "task.hpp"

int main() {
  std::printf("Publishing data through a flag (memory ordering)\n");
  kata::explore("a reader that sees the flag sees the value", [] {
    config_box box;
    int seen = 0;
    racelab::thread reader([&] { seen = read_when_ready(box); });
    publish(box, 42);
    reader.join();
    racelab::check(seen == 42, "the reader got 42");
  });
  return kata::verdict();
}
