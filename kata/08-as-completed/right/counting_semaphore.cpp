// Correct: the results go into a queue under a mutex, and a counting
// semaphore counts them: released once per result pushed, acquired once
// per result the caller takes. The caller reports with the mutex released.
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <semaphore>
#include <thread>
#include <vector>

#include "task.hpp"

void as_completed(const std::vector<std::function<int()>>& jobs,
                  const std::function<void(int)>& report) {
  std::mutex m;
  std::deque<int> ready;  // guarded by m
  std::counting_semaphore<> arrived(0);
  std::vector<std::thread> workers;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    workers.emplace_back([&, i] {
      const int result = jobs[i]();
      {
        std::lock_guard<std::mutex> hold(m);
        ready.push_back(result);
      }
      arrived.release();
    });
  }
  for (std::size_t reported = 0; reported < jobs.size(); ++reported) {
    arrived.acquire();
    std::unique_lock<std::mutex> lock(m);
    const int result = ready.front();
    ready.pop_front();
    lock.unlock();
    report(result);
  }
  for (auto& w : workers)
    w.join();
}
