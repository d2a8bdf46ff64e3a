// Reference solution (make kata-solution shows it once the exercise passes).
#include <vector>

#include <racelab/harness.hpp>

#include "task.hpp"

int count_hits(int threads, int per_thread) {
  racelab::atomic<int> hits{0, "hits"};
  std::vector<racelab::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < per_thread; ++i)
        hits.fetch_add(1);
    });
  }
  for (auto& w : workers)
    w.join();
  return hits.load();
}
