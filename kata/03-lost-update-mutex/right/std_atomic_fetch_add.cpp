// Correct: one atomic read-modify-write per event.
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "task.hpp"

int count_events(int threads, int per_thread) {
  std::atomic<int> count{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < per_thread; ++i) {
        count.fetch_add(1);
      }
    });
  }
  for (auto& w : workers)
    w.join();
  return count.load();
}
