// Another correct solution: std::jthread joins by itself when the vector
// goes out of scope (declared after the queue, so destroyed before it), and
// the notify is given while holding the mutex.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>  // std::jthread
#include <vector>

#include "task.hpp"

// Each worker hands its result over through a queue guarded by a mutex and wakes the caller. The
// caller waits until the queue holds a result, takes it, and reports it with the mutex released
// (a slow report must not hold the workers up), once per job; then it joins every worker.
void as_completed(const std::vector<std::function<int()>>& jobs,
                  const std::function<void(int)>& report) {
  std::mutex m;
  std::condition_variable arrived;
  std::deque<int> ready;              // results finished but not reported yet, guarded by m
  std::vector<std::jthread> workers;  // joined when it goes out of scope
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    workers.emplace_back([&, i] {
      const int result = jobs[i]();
      std::lock_guard<std::mutex> hold(m);
      ready.push_back(result);
      arrived.notify_one();  // under the mutex: as correct, if less quick
    });
  }
  for (std::size_t reported = 0; reported < jobs.size(); ++reported) {
    std::unique_lock<std::mutex> lock(m);
    arrived.wait(lock, [&] { return !ready.empty(); });
    const int result = ready.front();
    ready.pop_front();
    lock.unlock();
    report(result);
  }
}
