// Wrong fix (a myth): volatile makes each access happen, not the
// increment atomic; it is still a read and a write, and a data race.
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "task.hpp"

int count_events(int threads, int per_thread) {
  volatile int count = 0;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < per_thread; ++i) {
        count = count + 1;
      }
    });
  }
  for (auto& w : workers)
    w.join();
  return count;
}
