// Correct: the limit as a count of the clients inside, under a mutex; a
// client waits on a condition variable while the count is at the limit,
// and each client leaving wakes one waiter.
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "task.hpp"

void event::set() {
  {
    std::lock_guard<std::mutex> hold(m_);
    set_ = true;
  }
  cv_.notify_all();
}

void event::wait() {
  std::unique_lock<std::mutex> lock(m_);
  cv_.wait(lock, [this] { return set_; });
}

void run_clients(int clients, int max_inside, event& start, const std::function<void(int)>& visit) {
  std::mutex m;
  std::condition_variable place_free;
  int inside = 0;  // guarded by m
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i) {
    threads.emplace_back([&, i] {
      start.wait();
      {
        std::unique_lock<std::mutex> lock(m);
        place_free.wait(lock, [&] { return inside < max_inside; });
        ++inside;
      }
      visit(i);
      {
        std::lock_guard<std::mutex> hold(m);
        --inside;
      }
      place_free.notify_one();
    });
  }
  for (auto& t : threads)
    t.join();
}
