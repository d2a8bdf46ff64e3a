// A plausible wrong fix: set() wakes one waiter instead of all. With two
// clients waiting for the start, the other sleeps for ever.
#include <functional>
#include <mutex>
#include <semaphore>
#include <thread>
#include <vector>

#include "task.hpp"

// Sets the flag under the mutex, so that no waiter is between its check of the flag and its
// wait, then wakes every waiter.
void event::set() {
  {
    std::lock_guard<std::mutex> hold(m_);
    set_ = true;
  }
  cv_.notify_one();
}

// Waits until the flag is set: the predicate is checked first, and again after every wake-up,
// spurious ones included.
void event::wait() {
  std::unique_lock<std::mutex> lock(m_);
  cv_.wait(lock, [this] { return set_; });
}

// A semaphore of max_inside places: acquire() finds a free place and takes it in one step, and
// each client gives its place back once, when it leaves.
void run_clients(int clients, int max_inside, event& start, const std::function<void(int)>& visit) {
  std::counting_semaphore<> places(max_inside);
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i) {
    threads.emplace_back([&, i] {
      start.wait();
      places.acquire();
      visit(i);
      places.release();
    });
  }
  for (auto& t : threads)
    t.join();
}
