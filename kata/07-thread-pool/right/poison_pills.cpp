// Correct without the flag: the destructor queues one poison pill per worker
// (a default-constructed packaged_task, which holds no job: !valid()) behind
// the jobs, wakes every worker and joins. The queue is first in, first out,
// so every job is taken before any pill; a worker that takes a pill leaves.
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
  {
    std::lock_guard<std::mutex> hold(m_);
    for (std::size_t i = 0; i < workers_.size(); ++i)
      jobs_.emplace_back();
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
      wake_.wait(lock, [this] { return !jobs_.empty(); });
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    if (!job.valid()) return;  // a poison pill
    job();
  }
}
