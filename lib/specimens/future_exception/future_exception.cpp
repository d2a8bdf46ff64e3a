// future_exception: a task's exception must reach the caller through its
// future. Written with std types (std::promise, std::future,
// std::packaged_task, std::thread): explored through racelab::intercept.
#include <exception>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "../specimens.hpp"

namespace racelab::specimens {
namespace {

// Task 1 fails; the others return 10 * k.
int task(int k) {
  if (k == 1) throw std::runtime_error("task 1 failed");
  return 10 * k;
}

// Starts task k on a worker that answers through a promise; when the task
// throws, `on_error(promise)` runs inside the handler. The three versions
// below differ only there.
template <class OnError>
std::future<int> start_with_promise(int k, std::vector<std::thread>& workers, OnError on_error) {
  std::promise<int> p;
  std::future<int> f = p.get_future();
  workers.emplace_back([k, on_error, p = std::move(p)]() mutable {
    try {
      p.set_value(task(k));
    } catch (...) {
      on_error(p);
    }
  });
  return f;
}

// The bug: the worker catches the exception and drops it. Its promise dies
// without a value, and the caller's get() throws broken_promise: the
// task's own error is gone.
std::future<int> start_swallowing(int k, std::vector<std::thread>& workers) {
  return start_with_promise(k, workers, [](std::promise<int>&) { /* "logged" and dropped */ });
}

// The bug: the worker answers a default value on failure: the caller
// cannot tell a failure from a result.
std::future<int> start_defaulting(int k, std::vector<std::thread>& workers) {
  return start_with_promise(k, workers, [](std::promise<int>& p) { p.set_value(0); });
}

// The fix: the exception travels in the promise.
std::future<int> start_forwarding(int k, std::vector<std::thread>& workers) {
  return start_with_promise(
      k, workers, [](std::promise<int>& p) { p.set_exception(std::current_exception()); });
}

// The fix without writing it: a packaged_task stores the result or the
// exception of the callable it wraps.
std::future<int> start_packaged(int k, std::vector<std::thread>& workers) {
  std::packaged_task<int()> t([k] { return task(k); });
  std::future<int> f = t.get_future();
  workers.emplace_back(std::move(t));
  return f;
}

// Starts w.threads + 1 tasks (task 1 fails), collects every future in
// order, and checks what the caller learnt. The workers are joined before
// their futures are read: an exception (and its message) is freed by
// whoever drops the last reference, and those counts live in libstdc++.so,
// which ThreadSanitizer does not see; a worker freeing the task's error
// after the caller read it would look like a data race.
template <std::future<int> (*Start)(int, std::vector<std::thread>&)>
void collect(const workload& w) {
  std::vector<std::thread> workers;
  std::vector<std::future<int>> results;
  for (int k = 0; k <= w.threads; ++k)
    results.push_back(Start(k, workers));
  for (auto& t : workers)
    t.join();
  int sum = 0;
  std::string error;
  for (auto& f : results) {
    try {
      sum += f.get();
    } catch (const std::runtime_error& e) {
      error = e.what();
    } catch (const std::future_error& e) {
      error = e.what();
    }
  }
  racelab::check(error == "task 1 failed",
                 "the failed task's own exception reaches the caller through its future");
  racelab::check(sum == 10 * (w.threads * (w.threads + 1) / 2 - 1),
                 "every other task's result reaches the caller");
}

}  // namespace

specimen future_exception() {
  specimen s;
  s.name = "future_exception";
  s.summary = "a task's exception lost on its way to the caller";
  s.invariant = "the caller gets the failed task's exception and every other result";
  s.explanation =
      "A future carries a value or an exception from the thread that ran a task to the one that "
      "asks. A worker that catches the exception and drops it destroys its promise without a "
      "value (get() then throws broken_promise, not the task's error), and one that answers a "
      "default value hides the failure. set_exception(std::current_exception()) forwards it, and "
      "std::packaged_task does so by itself. No schedule is needed to lose it: every schedule "
      "does, and ThreadSanitizer has nothing to say.";
  s.proof_workload = {1, 1};  // two tasks: one returns, one fails

  variant swallowed;
  swallowed.name = "swallowed";
  swallowed.racy = true;
  swallowed.kind = bug_class::misuse;
  swallowed.harness_flags = {Failure::check};
  swallowed.budget = 10;
  swallowed.std_types = true;
  swallowed.body = collect<start_swallowing>;

  variant defaulted = swallowed;
  defaulted.name = "default_value";
  defaulted.body = collect<start_defaulting>;

  variant forwarded;
  forwarded.name = "set_exception";
  forwarded.std_types = true;
  forwarded.body = collect<start_forwarding>;

  variant packaged = forwarded;
  packaged.name = "packaged_task";
  packaged.body = collect<start_packaged>;

  s.variants = {swallowed, defaulted, forwarded, packaged};
  return s;
}

}  // namespace racelab::specimens
