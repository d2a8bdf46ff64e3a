// thread_pool: a small fixed-size pool (a task queue under a std::mutex, a
// std::condition_variable, std::thread workers) whose submit() returns a
// std::future, with the three classic shutdown bugs. Written with std
// types: explored through racelab::intercept.
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "../specimens.hpp"

namespace racelab::specimens {
namespace {

// What every version of the pool holds. A version adds work() (a worker's
// loop) and shut_down() (the destructor's part); the five differ only there.
struct pool_state {
  pool_state() {
    racelab::name(m, "m");  // traces say "lock m", "wait wake"
    racelab::name(wake, "wake");
  }

  // The worker loop every version but the first and the last runs: wait for
  // a task or the stop flag, and stop only once the queue is empty.
  void work_until_drained() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(m);
        wake.wait(lock, [this] { return stop || !tasks.empty(); });
        if (tasks.empty()) return;  // stop, and nothing left to do
        task = std::move(tasks.front());
        tasks.pop_front();
      }
      task();
    }
  }
  // The right shutdown: the flag under the mutex, wake every worker, join.
  void stop_then_join() {
    {
      std::lock_guard<std::mutex> hold(m);
      stop = true;
    }
    wake.notify_all();
    join_all();
  }
  void join_all() {
    for (auto& w : workers)
      w.join();
  }

  std::mutex m;
  std::condition_variable wake;
  std::deque<std::function<void()>> tasks;  // an empty function: a poison pill
  bool stop = false;
  std::vector<std::thread> workers;
};

// The bug: a worker leaves as soon as it sees the stop flag, even with tasks
// queued. Their packaged_tasks die with the queue, unrun: their futures hold
// broken_promise instead of a result.
struct drops_queued_tasks : pool_state {
  void work() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(m);
        wake.wait(lock, [this] { return stop || !tasks.empty(); });
        if (stop) return;
        task = std::move(tasks.front());
        tasks.pop_front();
      }
      task();
    }
  }
  void shut_down() { stop_then_join(); }
};

// The bug: the stop flag is set, but nobody notifies. A worker already
// waiting on `wake` sleeps for ever, and the destructor waits for it in join.
struct stop_without_notify : pool_state {
  void work() { work_until_drained(); }
  void shut_down() {
    {
      std::lock_guard<std::mutex> hold(m);
      stop = true;
    }
    join_all();
  }
};

// The bug: the destructor joins before it stops the workers. A worker with
// nothing left to do waits for a task or the flag, the destructor waits for
// the worker: neither goes on.
struct join_before_wake : pool_state {
  void work() { work_until_drained(); }
  void shut_down() {
    join_all();
    {
      std::lock_guard<std::mutex> hold(m);
      stop = true;
    }
    wake.notify_all();
  }
};

// The fix: the flag under the mutex, notify_all, then join; a worker stops
// only once the flag is set and the queue is empty.
struct drain_then_stop : pool_state {
  void work() { work_until_drained(); }
  void shut_down() { stop_then_join(); }
};

// The fix without a flag: one poison pill per worker behind the queued
// tasks; a worker that takes one leaves. The queue is FIFO, so every task
// runs first.
struct poison_pill : pool_state {
  void work() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(m);
        wake.wait(lock, [this] { return !tasks.empty(); });
        task = std::move(tasks.front());
        tasks.pop_front();
      }
      if (!task) return;
      task();
    }
  }
  void shut_down() {
    {
      std::lock_guard<std::mutex> hold(m);
      for (std::size_t i = 0; i < workers.size(); ++i)
        tasks.emplace_back();
    }
    wake.notify_all();
    join_all();
  }
};

// The pool: n workers running Version's loop; the destructor shuts down.
template <class Version>
class pool {
 public:
  explicit pool(int n) {
    for (int i = 0; i < n; ++i)
      v_.workers.emplace_back([this] { v_.work(); });
  }
  pool(const pool&) = delete;
  pool& operator=(const pool&) = delete;
  ~pool() { v_.shut_down(); }

  // Queues f; its future holds f's result (or its exception) once a worker
  // has run it.
  template <class F>
  std::future<std::invoke_result_t<F>> submit(F f) {
    using R = std::invoke_result_t<F>;
    // A packaged_task is move-only and std::function copies: share it.
    auto task = std::make_shared<std::packaged_task<R()>>(std::move(f));
    std::future<R> result = task->get_future();
    {
      std::lock_guard<std::mutex> hold(v_.m);
      v_.tasks.emplace_back([task] { (*task)(); });
    }
    v_.wake.notify_one();
    return result;
  }

 private:
  Version v_;
};

// A pool of w.threads workers gets w.operations tasks and is shut down;
// then every future must hold its task's result. The futures are read once
// the pool is gone: what is checked is what the shutdown left behind (a
// dropped task's future holds broken_promise).
template <class Version>
void submit_then_shut_down(const workload& w) {
  std::vector<std::future<int>> results;
  {
    pool<Version> workers(w.threads);
    for (int k = 0; k < w.operations; ++k)
      results.push_back(workers.submit([k] { return 10 * (k + 1); }));
  }
  for (int k = 0; k < w.operations; ++k) {
    bool ran = false;
    try {
      ran = results[static_cast<std::size_t>(k)].get() == 10 * (k + 1);
    } catch (const std::future_error&) {  // broken_promise: the task never ran
    }
    racelab::check(ran,
                   "every task submitted before the shutdown runs, and its future holds "
                   "its result");
  }
}

}  // namespace

specimen thread_pool() {
  specimen s;
  s.name = "thread_pool";
  s.summary = "a thread pool whose shutdown drops queued tasks or hangs";
  s.invariant = "shutting the pool down runs every queued task, then ends every worker";
  s.explanation =
      "Shutting a pool down is a protocol between the destructor and the workers: set the stop "
      "flag under the mutex, wake every waiting worker (a condition variable remembers no "
      "notify, and a worker already waiting sleeps until someone notifies), and only then join; "
      "a worker leaves once the flag is set and the queue is empty, so queued tasks still run. "
      "Leaving on the flag alone drops queued tasks (their futures say broken_promise), "
      "forgetting the notify or joining first hangs. Everything is under the mutex, so "
      "ThreadSanitizer is silent.";
  s.proof_workload = {1, 2};  // one worker: two need 114,944 dpor schedules (README)

  variant drops;
  drops.name = "drops_queued_tasks";
  drops.racy = true;
  drops.kind = bug_class::order_violation;
  drops.harness_flags = {Failure::check};
  drops.budget = 200;
  drops.std_types = true;
  drops.body = submit_then_shut_down<drops_queued_tasks>;

  variant no_notify;
  no_notify.name = "stop_without_notify";
  no_notify.racy = true;
  no_notify.kind = bug_class::lost_wakeup;
  no_notify.harness_flags = {Failure::deadlock};
  no_notify.plain_run_hangs = true;
  no_notify.plain_run_possible = false;  // a plain run hangs once a worker waits first
  no_notify.budget = 100;
  no_notify.std_types = true;
  no_notify.body = submit_then_shut_down<stop_without_notify>;

  variant join_first;
  join_first.name = "join_before_wake";
  join_first.racy = true;
  join_first.kind = bug_class::deadlock;
  join_first.harness_flags = {Failure::deadlock};
  join_first.plain_run_hangs = true;
  join_first.plain_run_possible = false;
  join_first.budget = 100;
  join_first.std_types = true;
  join_first.body = submit_then_shut_down<join_before_wake>;

  variant drain;
  drain.name = "drain_then_stop";
  drain.std_types = true;
  drain.body = submit_then_shut_down<drain_then_stop>;

  variant pill;
  pill.name = "poison_pill";
  pill.std_types = true;
  pill.body = submit_then_shut_down<poison_pill>;

  s.variants = {drops, no_notify, join_first, drain, pill};
  return s;
}

}  // namespace racelab::specimens
