// bounded_queue: producer/consumer over a condition variable.
//
// Two consumers wait for items from one producer. With `if` instead of
// `while` around wait(), a consumer that wakes up after the other one took
// the item pops from an empty queue. With the readiness check made outside
// the lock, the producer's notify can come before the consumer waits: the
// wake-up is lost and the consumer sleeps forever.
#include <deque>
#include <mutex>

#include "../specimens.hpp"

namespace racelab::specimens {
namespace {

struct queue {
  racelab::mutex m{"queue_mutex"};
  racelab::condition_variable not_empty{"not_empty"};
  std::deque<int> items;
  int taken = 0;
};

// One producer pushes `consumers` items, one at a time, and notifies all.
void produce(queue& q, int count) {
  for (int i = 0; i < count; ++i) {
    std::lock_guard<racelab::mutex> hold(q.m);
    q.items.push_back(i);
    q.not_empty.notify_all();
  }
}

void take_one(queue& q) {
  racelab::check(!q.items.empty(), "a consumer only pops from a non-empty queue");
  q.items.pop_front();
  ++q.taken;
}

}  // namespace

specimen bounded_queue() {
  specimen s;
  s.name = "bounded_queue";
  s.summary = "consumers wait with `if` instead of `while`, or miss the wake-up";
  s.invariant = "consumers pop only from a non-empty queue, and every item is taken";
  s.explanation =
      "wait() can return when the condition no longer holds: another consumer woken by the same "
      "notify_all took the item first (and real condition variables also wake spuriously), so "
      "the condition must be re-checked in a loop. And a condition checked outside the mutex "
      "can change before wait() starts: the notify comes first and is lost. wait(lock, "
      "predicate) under the mutex fixes both.";
  s.proof_workload = {2, 1};

  variant if_wait;
  if_wait.name = "if_not_while";
  if_wait.racy = true;
  if_wait.kind = bug_class::order_violation;
  if_wait.harness_flags = {Failure::check};
  if_wait.budget = 200;
  if_wait.body = [](const workload& w) {
    queue q;
    const int consumers = std::max(w.threads, 2);
    run_workers(w, consumers + 1, [&](int i) {
      if (i == 0) return produce(q, consumers);
      std::unique_lock<racelab::mutex> lock(q.m);
      if (q.items.empty()) q.not_empty.wait(lock);
      take_one(q);
    });
  };

  variant lost;
  lost.name = "lost_wakeup";
  lost.racy = true;
  lost.kind = bug_class::lost_wakeup;
  lost.harness_flags = {Failure::deadlock, Failure::check};  // or a spurious wake-up pops empty
  lost.plain_run_hangs = true;
  lost.budget = 200;
  lost.body = [](const workload& w) {
    queue q;
    racelab::atomic<int> available{0, "available"};
    run_workers(w, 2, [&](int i) {
      if (i == 0) {
        {
          std::lock_guard<racelab::mutex> hold(q.m);
          q.items.push_back(1);
        }
        available.fetch_add(1);
        q.not_empty.notify_one();
        return;
      }
      if (available.load() == 0) {  // checked outside the mutex
        std::unique_lock<racelab::mutex> lock(q.m);
        q.not_empty.wait(lock);
      }
      std::lock_guard<racelab::mutex> hold(q.m);
      take_one(q);
    });
  };

  variant fixed;
  fixed.name = "predicate_wait";
  fixed.body = [](const workload& w) {
    queue q;
    const int consumers = std::max(w.threads, 2);
    run_workers(w, consumers + 1, [&](int i) {
      if (i == 0) return produce(q, consumers);
      std::unique_lock<racelab::mutex> lock(q.m);
      q.not_empty.wait(lock, [&] { return !q.items.empty(); });
      take_one(q);
    });
    racelab::check(q.taken == consumers, "every item taken");
  };

  s.variants = {if_wait, lost, fixed};
  return s;
}

}  // namespace racelab::specimens
