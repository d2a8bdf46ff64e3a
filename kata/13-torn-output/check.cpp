// Checker of exercise 13: explores task.cpp under every schedule within the
// bound; built both plainly and under ThreadSanitizer by the kata runner.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "kata_check.hpp"
#include "task.hpp"

int main() {
  std::printf("Torn output lines\n");
  kata::explore("two workers log one line each; both lines intact", [] {
    logger log;
    racelab::thread a([&] { log.log(1, "started"); }), b([&] { log.log(2, "started"); });
    a.join();
    b.join();
    const std::string t = log.text();
    racelab::check(t == "[1] started\n[2] started\n" || t == "[2] started\n[1] started\n",
                   "every line intact");
  });
  return kata::verdict();
}
