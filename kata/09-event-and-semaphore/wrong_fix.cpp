// A fix that only makes the bug rarer; the runner's tests prove it is rejected.
#include <functional>
#include <mutex>
#include <semaphore>
#include <thread>
#include <vector>

#include "task.hpp"

// Wrong fix: the limit is a semaphore and wait() loops, but set() notifies before it sets the
// flag: a waiter that found the flag unset just before the notify sleeps through it, and no
// other notify ever comes.
void event::set() {
  cv_.notify_all();
  std::lock_guard<std::mutex> hold(m_);
  set_ = true;
}

void event::wait() {
  std::unique_lock<std::mutex> lock(m_);
  while (!set_)
    cv_.wait(lock);
}

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
