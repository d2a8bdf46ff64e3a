// as_completed: a caller collects the results of its workers as they
// finish. Written with std types (std::thread, std::mutex,
// std::condition_variable, std::latch): explored through racelab::intercept;
// the completion counter is a racelab::atomic, so that its operations are
// scheduling points.
#include <condition_variable>
#include <deque>
#include <latch>
#include <mutex>
#include <thread>
#include <vector>

#include "../specimens.hpp"

namespace racelab::specimens {
namespace {

// Worker k's result.
int work(int k) {
  return 10 * (k + 1);
}

// Starts w.threads workers running `worker(k)`, joins them after
// `collect()` (serially: each joined before the next starts, then
// collect), and checks the sum collect() returns once all are joined (a
// failed check must not destroy a joinable std::thread).
template <class Worker, class Collect>
void run(const workload& w, Worker worker, Collect collect, const char* what) {
  std::vector<std::thread> workers;
  for (int k = 0; k < w.threads; ++k) {
    workers.emplace_back(worker, k);
    if (w.serial) workers.back().join();
  }
  const int sum = collect();
  for (auto& t : workers) {
    if (t.joinable()) t.join();
  }
  racelab::check(sum == 10 * w.threads * (w.threads + 1) / 2, what);
}

constexpr const char* kOnce = "every result is collected once";
constexpr const char* kWritten = "every result is written before the caller reads it";

// The bug: every worker appends to one vector, unlocked. Two appends at
// once race on its size and storage: only ThreadSanitizer sees it (plain
// memory is no scheduling point).
void unlocked_results(const workload& w) {
  std::vector<int> results;
  results.reserve(static_cast<std::size_t>(w.threads));
  racelab::atomic<int> finished{0, "finished"};
  run(
      w,
      [&](int k) {
        results.push_back(work(k));
        finished.fetch_add(1);
      },
      [&] {
        while (finished.load() < w.threads)
          std::this_thread::yield();
        int sum = 0;
        for (int r : results)
          sum += r;
        return sum;
      },
      kOnce);
}

// The bug: a worker counts itself finished before it writes its result,
// so the caller, seeing every worker counted, can read a result not yet
// written. The slots are atomics: no data race, so ThreadSanitizer is
// silent; only an interleaving shows it.
void counted_before_written(const workload& w) {
  std::vector<racelab::atomic<int>> results(static_cast<std::size_t>(w.threads));
  racelab::atomic<int> finished{0, "finished"};
  run(
      w,
      [&](int k) {
        finished.fetch_add(1);
        results[static_cast<std::size_t>(k)].store(work(k));
      },
      [&] {
        while (finished.load() < w.threads)
          std::this_thread::yield();
        int sum = 0;
        for (const auto& r : results)
          sum += r.load();
        return sum;
      },
      kWritten);
}

// The fix: finished results go through a queue under a mutex, and the
// caller takes each as it arrives.
void ready_queue(const workload& w) {
  std::mutex m;
  std::condition_variable arrived;
  std::deque<int> ready;
  racelab::name(m, "m");
  racelab::name(arrived, "arrived");
  run(
      w,
      [&](int k) {
        const int r = work(k);
        {
          std::lock_guard<std::mutex> hold(m);
          ready.push_back(r);
        }
        arrived.notify_one();
      },
      [&] {
        int sum = 0;
        for (int taken = 0; taken < w.threads; ++taken) {
          std::unique_lock<std::mutex> lock(m);
          arrived.wait(lock, [&] { return !ready.empty(); });
          sum += ready.front();
          ready.pop_front();
        }
        return sum;
      },
      kOnce);
}

// The fix when the order of arrival does not matter: each worker writes
// its own slot, then counts down a latch; the caller reads once it opens.
void latch(const workload& w) {
  std::vector<int> results(static_cast<std::size_t>(w.threads), 0);
  std::latch done(w.threads);
  run(
      w,
      [&](int k) {
        results[static_cast<std::size_t>(k)] = work(k);
        done.count_down();
      },
      [&] {
        done.wait();
        int sum = 0;
        for (int r : results)
          sum += r;
        return sum;
      },
      kWritten);
}

}  // namespace

specimen as_completed() {
  specimen s;
  s.name = "as_completed";
  s.summary = "results collected as workers finish: a racy vector, a count before the write";
  s.invariant = "the caller gets every worker's result exactly once";
  s.explanation =
      "Collecting results as they complete needs the result and the news of it to travel "
      "together. Appending to one vector from several threads is a data race (only "
      "ThreadSanitizer sees it: no interleaving of synchronization shows plain memory). Counting "
      "a worker finished before it writes its result lets the caller read too early: with atomic "
      "slots there is no data race and TSan is silent, but the harness shows the interleaving. A "
      "queue under a mutex hands each "
      "result over as it comes; a std::latch opens only after every write.";
  s.proof_workload = {2, 1};

  variant unlocked;
  unlocked.name = "unlocked_vector";
  unlocked.racy = true;
  unlocked.kind = bug_class::data_race;
  unlocked.harness_flags = {Failure::data_race};  // reported by TSan while exploring
  unlocked.tsan_report = "data race";
  unlocked.needs_tsan = true;
  unlocked.std_types = true;
  unlocked.body = unlocked_results;

  variant early;
  early.name = "counted_before_written";
  early.racy = true;
  early.kind = bug_class::order_violation;
  early.harness_flags = {Failure::check};
  early.budget = 100;
  early.std_types = true;
  early.body = counted_before_written;

  variant queue;
  queue.name = "ready_queue";
  queue.std_types = true;
  queue.body = ready_queue;

  variant counted_down;
  counted_down.name = "latch";
  counted_down.std_types = true;
  counted_down.body = latch;

  s.variants = {unlocked, early, queue, counted_down};
  return s;
}

}  // namespace racelab::specimens
