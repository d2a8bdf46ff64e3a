// Exercise 09: A start signal and a limit of N inside. Do not edit: your code goes in task.cpp.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>

// A one-shot event, as Python's threading.Event: wait() returns once set() has been called,
// whenever it was called (before the wait or during it), in every thread that waits.
class event {
 public:
  void set();
  void wait();

 private:
  std::mutex m_;
  std::condition_variable cv_;
  bool set_ = false;
};

// Starts `clients` threads; client i waits for `start`, then calls visit(i), with at most
// `max_inside` clients inside visit at once. Returns after joining them all.
void run_clients(int clients, int max_inside, event& start, const std::function<void(int)>& visit);
