// A fix that only makes the bug rarer; the runner's tests prove it is rejected.
#include <vector>

#include <racelab/harness.hpp>

#include "task.hpp"

// Wrong fix: increment twice as carefully, with a yield first.
int count_events(int threads, int per_thread) {
  int count = 0;
  std::vector<racelab::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < per_thread; ++i) {
        racelab::yield();
        racelab::yield();
        count = count + 1;
      }
    });
  }
  for (auto& w : workers)
    w.join();
  return count;
}
