// Exercise 07: A thread pool you finish. Do not edit: your code goes in task.cpp.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

// The render farm: a fixed number of workers running the jobs queued on it.
class pool {
 public:
  // Starts `workers` threads, each running work().
  explicit pool(int workers);
  // Runs every job submitted before it, then ends every worker; never hangs.
  ~pool();
  pool(const pool&) = delete;
  pool& operator=(const pool&) = delete;

  // Queues `job` and returns a future for its result (or for its exception),
  // ready once a worker has run the job.
  std::future<int> submit(std::function<int()> job);

 private:
  // A worker's loop: takes the oldest queued job and runs it, until the pool
  // shuts down.
  void work();

  std::mutex m_;                                // guards jobs_ and stop_
  std::condition_variable wake_;                // a job was queued, or stop_ was set
  std::deque<std::packaged_task<int()>> jobs_;  // the oldest first
  bool stop_ = false;                           // set once, by the destructor
  std::vector<std::thread> workers_;
};
