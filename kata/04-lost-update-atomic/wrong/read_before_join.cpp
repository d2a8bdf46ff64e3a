// Wrong fix (ordering): atomic increments, but the total is read before the
// workers are joined, so some hits may not have happened yet.
#include <atomic>
#include <thread>
#include <vector>

#include "task.hpp"

int count_hits(int threads, int per_thread) {
  std::atomic<int> hits{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < per_thread; ++i)
        hits.fetch_add(1);
    });
  }
  const int total = hits.load();
  for (auto& w : workers)
    w.join();
  return total;
}
