// The starting state of the exercise (make kata-reset restores task.cpp from it).
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
    stop_ = true;
  }
  // TODO: a worker waiting for a job does not know the pool stops.
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
      if (stop_) return;  // TODO: jobs may still be queued
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}
