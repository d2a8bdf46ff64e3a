// Wrong fix: exchange() is one atomic step, but the value it writes was read
// in an earlier one.
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
        hits.exchange(hits.load() + 1);
    });
  }
  for (auto& w : workers)
    w.join();
  return hits.load();
}
