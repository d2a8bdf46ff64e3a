// Wrong fix (narrow): the read is locked, the write is not; two threads
// still read the same value, and the write races.
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "task.hpp"

int count_events(int threads, int per_thread) {
  int count = 0;
  std::mutex m;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < per_thread; ++i) {
        int seen;
        {
          std::lock_guard<std::mutex> hold(m);
          seen = count;
        }
        count = seen + 1;
      }
    });
  }
  for (auto& w : workers)
    w.join();
  return count;
}
