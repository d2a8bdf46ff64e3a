// Checker of exercise 04: count_hits with several numbers of threads and
// events, each explored under every schedule within the bound; built plainly
// and under ThreadSanitizer.
#include <cstdio>
#include <string>

#include "kata_check.hpp"
#include "task.hpp"

int main() {
  std::printf("The lost update, fixed with an atomic\n");
  struct scenario {
    int threads, per_thread;
  };
  for (const scenario sc : {scenario{1, 3}, scenario{2, 2}, scenario{3, 1}}) {
    const int want = sc.threads * sc.per_thread;
    const std::string what = "count_hits(" + std::to_string(sc.threads) + ", " +
                             std::to_string(sc.per_thread) + ") == " + std::to_string(want);
    kata::explore(what, [sc, want] {
      racelab::check(count_hits(sc.threads, sc.per_thread) == want, "no hit is lost");
    });
  }
  return kata::verdict();
}
