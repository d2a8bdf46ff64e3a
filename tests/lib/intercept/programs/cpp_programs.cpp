// The C++ programs of programs.h: std only, no racelab.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <latch>
#include <mutex>
#include <shared_mutex>
#include <stdexcept>
#include <stop_token>
#include <thread>

#include "programs.h"

// A task fails; the bug: its future is dropped, and the failure with it.
int cpp_async_exception(int fixed) {
  bool failure_seen = false;
  auto task = [] { throw std::runtime_error("disk full"); };
  if (fixed) {
    auto result = std::async(std::launch::async, task);
    try {
      result.get();
    } catch (const std::runtime_error&) {
      failure_seen = true;
    }
  } else {
    std::async(std::launch::async, task);  // waits, then discards the exception
  }
  return failure_seen ? 0 : 1;
}

// Three workers are waited for; the bug: one of them forgets to count down.
int cpp_latch(int fixed) {
  std::latch done(3);
  std::atomic<int> work{0};
  std::thread workers[3];
  for (int i = 0; i < 3; ++i) {
    workers[i] = std::thread([&, i] {
      work.fetch_add(1);
      if (fixed || i != 2) done.count_down();
    });
  }
  done.wait();
  for (auto& w : workers)
    w.join();
  return work.load() == 3 ? 0 : 1;
}

// Read under a shared lock, then "upgrade" by unlocking and relocking
// exclusively: another thread can write in the gap.
int cpp_shared_upgrade(int fixed) {
  std::shared_mutex m;
  int value = 0;
  auto increment = [&] {
    if (fixed) {
      std::unique_lock<std::shared_mutex> w(m);
      value = value + 1;
      return;
    }
    int seen = 0;
    {
      std::shared_lock<std::shared_mutex> r(m);
      seen = value;
    }
    std::unique_lock<std::shared_mutex> w(m);
    value = seen + 1;
  };
  std::thread a(increment), b(increment);
  a.join();
  b.join();
  return value == 2 ? 0 : 1;
}

// A worker sleeps on a condition variable until it is asked to stop; the
// bug: the stop request is checked, then waited for, with a plain
// condition_variable the request does not wake.
int cpp_jthread_stop(int fixed) {
  std::mutex m;
  if (fixed) {
    std::condition_variable_any wake;
    std::jthread worker([&](std::stop_token stop) {
      std::unique_lock<std::mutex> lock(m);
      wake.wait(lock, stop, [] { return false; });
    });
    worker.request_stop();
  } else {
    std::condition_variable wake;
    std::jthread worker([&](std::stop_token stop) {
      std::unique_lock<std::mutex> lock(m);
      while (!stop.stop_requested())
        wake.wait(lock);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(1));  // let it start
    worker.request_stop();
    wake.notify_all();  // may come before the worker waits: then it waits for ever
  }
  return 0;
}

// A waiter waits for a flag to leave 0; the bug: the setter notifies, does
// some bookkeeping under a lock, and only then stores.
int cpp_atomic_wait(int fixed) {
  std::atomic<int> flag{0};
  std::mutex log_lock;
  int log = 0;
  std::thread waiter([&] { flag.wait(0); });
  if (fixed) {
    flag.store(1);
    flag.notify_one();
  } else {
    flag.notify_one();
  }
  {
    std::lock_guard<std::mutex> g(log_lock);
    ++log;
  }
  if (!fixed) flag.store(1);  // a waiter that slept meanwhile is never woken
  waiter.join();
  return flag.load() == 1 && log == 1 ? 0 : 1;
}
