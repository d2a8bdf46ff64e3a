// Checker of exercise 17: two and three workers logging a line each, and one
// worker logging twice beside another; every line intact and each worker's
// lines in its own order, each explored under every schedule within the
// bound; built plainly and under ThreadSanitizer.
#include <algorithm>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "kata_check.hpp"
#include "task.hpp"

namespace {
// The log's lines, and whether they are exactly `want` in some order.
bool same_lines(const std::string& text, std::vector<std::string> want) {
  std::vector<std::string> got;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    got.push_back(line);
  if (text.empty() || text.back() != '\n') return false;
  std::sort(got.begin(), got.end());
  std::sort(want.begin(), want.end());
  return got == want;
}
}  // namespace

int main() {
  std::printf("Torn output lines\n");
  kata::explore("two workers log one line each; both lines intact", [] {
    logger log;
    racelab::thread a([&] { log.log(1, "started"); }), b([&] { log.log(2, "started"); });
    a.join();
    b.join();
    racelab::check(same_lines(log.text(), {"[1] started", "[2] started"}), "every line intact");
  });
  kata::explore(
      "three workers log one line each",
      [] {
        logger log;
        racelab::thread a([&] { log.log(1, "up"); }), b([&] { log.log(2, "up"); });
        log.log(3, "up");
        a.join();
        b.join();
        racelab::check(same_lines(log.text(), {"[1] up", "[2] up", "[3] up"}), "every line intact");
      },
      // A lock taken whole is exhausted in 20 schedules; a spin lock that
      // yields has a class of schedules for every count of spins, so it
      // stops here (the two-worker scenario exhausts it).
      1500);
  kata::explore("a worker logs twice beside another", [] {
    logger log;
    racelab::thread a([&] {
      log.log(1, "a");
      log.log(1, "b");
    });
    log.log(2, "c");
    a.join();
    const std::string t = log.text();
    racelab::check(same_lines(t, {"[1] a", "[1] b", "[2] c"}), "every line intact");
    racelab::check(t.find("[1] a") < t.find("[1] b"), "a worker's lines keep their order");
  });
  return kata::verdict();
}
