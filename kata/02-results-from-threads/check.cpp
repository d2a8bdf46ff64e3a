// Checker of exercise 02: parallel_sum over several sizes and numbers of
// parts, each explored under every schedule within the bound; built plainly
// and under ThreadSanitizer.
#include <cstdio>
#include <string>
#include <vector>

#include "kata_check.hpp"
#include "task.hpp"

int main() {
  std::printf("Returning results from threads\n");
  struct scenario {
    int size, parts;
  };
  for (const scenario sc : {scenario{0, 1}, scenario{5, 1}, scenario{6, 2}, scenario{7, 3}}) {
    std::vector<int> data;
    long want = 0;
    for (int i = 1; i <= sc.size; ++i) {
      data.push_back(i);
      want += i;
    }
    const std::string what = "parallel_sum({1.." + std::to_string(sc.size) + "}, " +
                             std::to_string(sc.parts) + ") == " + std::to_string(want);
    kata::explore(what, [data, sc, want] {
      racelab::check(parallel_sum(data, sc.parts) == want, "parallel_sum returns the whole sum");
    });
  }
  return kata::verdict();
}
