// Checker of exercise 01: squares(n) for several n, each explored under every
// schedule within the bound; built plainly and under ThreadSanitizer.
#include <cstdio>
#include <string>
#include <vector>

#include "kata_check.hpp"
#include "task.hpp"

int main() {
  std::printf("Starting and joining threads\n");
  for (int n : {0, 1, 2, 3}) {
    std::vector<int> want;
    for (int i = 0; i < n; ++i)
      want.push_back(i * i);
    const std::string what =
        "squares(" + std::to_string(n) + ") has every square, in every schedule";
    kata::explore(
        what, [n, want] { racelab::check(squares(n) == want, "squares(n) == {0, 1, 4, ...}"); });
  }
  return kata::verdict();
}
