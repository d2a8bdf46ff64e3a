// Wrong fix (counted before written): a slot per job and an atomic count of
// finished jobs, but a worker counts itself finished, to get its slot,
// before its job has written the result: the caller, seeing the count, can
// report a slot that is still empty (and reads it while the worker writes
// it: a data race).
#include <atomic>
#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

#include "task.hpp"

void as_completed(const std::vector<std::function<int()>>& jobs,
                  const std::function<void(int)>& report) {
  std::vector<int> slots(jobs.size());
  std::atomic<int> finished{0};
  std::vector<std::thread> workers;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    workers.emplace_back([&, i] {
      const int k = finished.fetch_add(1);
      slots[static_cast<std::size_t>(k)] = jobs[i]();
    });
  }
  std::size_t seen = 0;
  while (seen < jobs.size()) {
    if (static_cast<std::size_t>(finished.load()) > seen)
      report(slots[seen++]);
    else
      std::this_thread::yield();
  }
  for (auto& w : workers)
    w.join();
}
