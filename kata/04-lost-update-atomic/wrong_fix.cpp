// A fix that only makes the bug rarer; the runner's tests prove it is rejected.
#include <vector>

#include <racelab/harness.hpp>

#include "task.hpp"

// Wrong fix: the strongest memory order on both steps. Still two steps.
int count_hits(int threads, int per_thread) {
  racelab::atomic<int> hits{0, "hits"};
  std::vector<racelab::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < per_thread; ++i) {
        hits.store(hits.load(std::memory_order_seq_cst) + 1, std::memory_order_seq_cst);
      }
    });
  }
  for (auto& w : workers)
    w.join();
  return hits.load();
}
