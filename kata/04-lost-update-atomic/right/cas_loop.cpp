// Correct: a compare_exchange_weak loop; a failure (spurious ones
// included) reloads the value and tries again.
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
        while (!hits.compare_exchange_weak(seen, seen + 1)) {
        }
      }
    });
  }
  for (auto& w : workers)
    w.join();
  return hits.load();
}
