// Wrong fix (invisible types): a std::atomic, read and written in two steps.
// Each access is atomic, the increment is not: two threads read the same
// value and one update is lost.
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
        hits.store(hits.load() + 1);
    });
  }
  for (auto& w : workers)
    w.join();
  return hits.load();
}
