// Checker of exercise 12: explores task.cpp under every schedule within the
// bound; built both plainly and under ThreadSanitizer by the kata runner.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "kata_check.hpp"
#include "task.hpp"

int main() {
  std::printf("One-time lazy initialization\n");
  kata::explore("two threads call get() at once: one connection", [] {
    racelab::atomic<int> opened{0, "opened"};
    pool p(opened);
    racelab::thread a([&] { p.get(); }), b([&] { p.get(); });
    a.join();
    b.join();
    racelab::check(opened.load() == 1, "the connection was opened exactly once");
  });
  return kata::verdict();
}
