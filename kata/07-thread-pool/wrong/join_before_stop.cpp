// Wrong fix (deadlock): the workers drain the queue as they should, but the
// destructor joins them before it sets the flag and wakes them. A worker
// with nothing left to do waits for a job or the flag, the destructor waits
// for the worker: neither goes on.
#include <functional>
#include <future>
#include <mutex>
#include <utility>

#include "task.hpp"

pool::pool(int workers) {
  for (int i = 0; i < workers; ++i)
    workers_.emplace_back([this] { work(); });
}

pool::~pool() {
  for (auto& w : workers_)
    w.join();
  {
    std::lock_guard<std::mutex> hold(m_);
    stop_ = true;
  }
  wake_.notify_all();
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
      if (jobs_.empty()) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}
