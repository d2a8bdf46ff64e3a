// Wrong fix (invisible types): each worker locks a std::mutex of its own,
// which excludes nobody.
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "task.hpp"

int count_events(int threads, int per_thread) {
  int count = 0;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < per_thread; ++i) {
        std::mutex mine;
        std::lock_guard<std::mutex> hold(mine);
        count = count + 1;
      }
    });
  }
  for (auto& w : workers)
    w.join();
  return count;
}
