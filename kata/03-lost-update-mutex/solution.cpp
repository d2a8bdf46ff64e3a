// Reference solution (make kata-solution shows it once the exercise passes).
#include <mutex>
#include <vector>

#include <racelab/harness.hpp>

#include "task.hpp"

int count_events(int threads, int per_thread) {
  int count = 0;
  racelab::mutex m{"count_mutex"};
  std::vector<racelab::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < per_thread; ++i) {
        racelab::yield();  // a request arrives
        std::lock_guard<racelab::mutex> hold(m);
        count = count + 1;
      }
    });
  }
  for (auto& w : workers)
    w.join();
  return count;
}
