// Another correct solution: the wait written as an explicit while loop
// (what the predicate form of wait does).
#include <functional>
#include <future>
#include <mutex>
#include <utility>

#include "task.hpp"

// Starts the workers.
pool::pool(int workers) {
  for (int i = 0; i < workers; ++i)
    workers_.emplace_back([this] { work(); });
}

// Sets the stop flag under the mutex, wakes every waiting worker (a condition
// variable remembers no notify), then waits for each to drain the queue and
// leave.
pool::~pool() {
  {
    std::lock_guard<std::mutex> hold(m_);
    stop_ = true;
  }
  wake_.notify_all();
  for (auto& w : workers_)
    w.join();
}

// Queues the job as a packaged_task, whose future gets its result or its
// exception, and wakes one worker.
std::future<int> pool::submit(std::function<int()> job) {
  std::packaged_task<int()> task(std::move(job));
  std::future<int> result = task.get_future();
  {
    std::lock_guard<std::mutex> hold(m_);
    jobs_.push_back(std::move(task));
  }
  wake_.notify_one();
  return result;
}

// Takes jobs until the pool stops and the queue is empty; runs each outside
// the lock, so the other workers take jobs meanwhile.
void pool::work() {
  for (;;) {
    std::packaged_task<int()> job;
    {
      std::unique_lock<std::mutex> lock(m_);
      while (!stop_ && jobs_.empty())
        wake_.wait(lock);
      if (jobs_.empty()) return;  // stopping, and nothing left to do
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}
