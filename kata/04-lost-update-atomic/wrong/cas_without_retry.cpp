// Wrong fix (narrow): one compare_exchange, its failure ignored: the hit
// is dropped whenever another thread got in between.
#include <atomic>
#include <thread>
#include <vector>

#include "task.hpp"

int count_hits(int threads, int per_thread) {
  std::atomic<int> hits{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < per_thread; ++i) {
        int seen = hits.load();
        hits.compare_exchange_strong(seen, seen + 1);
      }
    });
  }
  for (auto& w : workers)
    w.join();
  return hits.load();
}
