// A plausible wrong fix: the worker wakes the caller before it queues its
// result. A caller that found the queue empty and waits after that notify
// sleeps for ever: a condition variable remembers no notify.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "task.hpp"

// Each worker hands its result over through a queue guarded by a mutex and wakes the caller. The
// caller waits until the queue holds a result, takes it, and reports it with the mutex released
// (a slow report must not hold the workers up), once per job; then it joins every worker.
void as_completed(const std::vector<std::function<int()>>& jobs,
                  const std::function<void(int)>& report) {
  std::mutex m;
  std::condition_variable arrived;
  std::deque<int> ready;  // results finished but not reported yet, guarded by m
  std::vector<std::thread> workers;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    workers.emplace_back([&, i] {
      const int result = jobs[i]();
      arrived.notify_one();  // "wake the caller first, it has to lock anyway"
      std::lock_guard<std::mutex> hold(m);
      ready.push_back(result);
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
  for (auto& w : workers)
    w.join();
}
