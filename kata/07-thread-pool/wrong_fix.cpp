// A fix that only makes the bug rarer; the runner's tests prove it is rejected.
#include <functional>
#include <future>
#include <mutex>
#include <utility>

#include "task.hpp"

pool::pool(int workers) {
  for (int i = 0; i < workers; ++i)
    workers_.emplace_back([this] { work(); });
}

// Wrong fix: wake every worker, so none sleeps through the shutdown; but a
// worker still leaves as soon as it sees the flag, and the jobs it leaves
// queued die with the pool (their futures say broken_promise).
pool::~pool() {
  {
    std::lock_guard<std::mutex> hold(m_);
    stop_ = true;
  }
  wake_.notify_all();
  for (auto& w : workers_)
    w.join();
}

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

void pool::work() {
  for (;;) {
    std::packaged_task<int()> job;
    {
      std::unique_lock<std::mutex> lock(m_);
      wake_.wait(lock, [this] { return stop_ || !jobs_.empty(); });
      if (stop_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}
