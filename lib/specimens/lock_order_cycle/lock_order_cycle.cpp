// lock_order_cycle: locks taken in orders that form a cycle.
//
// Two threads take A then B and B then A; three threads take A then C, C then
// B, B then A. Any schedule in which each thread gets its first lock
// deadlocks; most schedules do not, which is why such bugs survive testing.
#include <mutex>

#include "../specimens.hpp"

namespace racelab::specimens {
namespace {

void take(racelab::mutex& first, racelab::mutex& second, int& work) {
  std::lock_guard<racelab::mutex> a(first);
  std::lock_guard<racelab::mutex> b(second);
  ++work;
}

}  // namespace

specimen lock_order_cycle() {
  specimen s;
  s.name = "lock_order_cycle";
  s.summary = "threads take the same locks in orders that form a cycle";
  s.invariant = "every thread finishes its work (no deadlock)";
  s.explanation =
      "If thread 1 holds A and waits for B while thread 2 holds B and waits for A, neither can "
      "go on. The lock-order graph (A->B, B->A) has a cycle even in schedules that happen not to "
      "deadlock, so racelab and ThreadSanitizer both flag it without needing the bad schedule. "
      "Taking locks in one global order (A before B before C) makes a cycle impossible.";
  s.proof_workload = {2, 1};

  variant two;
  two.name = "two_locks";
  two.racy = true;
  two.kind = bug_class::deadlock;
  two.harness_flags = {Failure::lock_order_inversion, Failure::deadlock};
  two.tsan_report = "lock-order-inversion";
  two.plain_run_hangs = true;
  two.budget = 10;
  two.body = [](const workload& w) {
    racelab::mutex a{"A"}, b{"B"};
    int work[2] = {0, 0};
    run_workers(w, 2, [&](int i) {
      if (i == 0)
        take(a, b, work[0]);
      else
        take(b, a, work[1]);
    });
    racelab::check(work[0] == 1 && work[1] == 1, "every thread finished its work");
  };

  variant three;
  three.name = "three_locks";
  three.racy = true;
  three.kind = bug_class::deadlock;
  three.harness_flags = {Failure::lock_order_inversion, Failure::deadlock};
  three.tsan_report = "lock-order-inversion";
  three.plain_run_hangs = true;
  three.budget = 10;
  three.body = [](const workload& w) {
    racelab::mutex a{"A"}, b{"B"}, c{"C"};
    int work[3] = {0, 0, 0};
    run_workers(w, 3, [&](int i) {
      if (i == 0)
        take(a, c, work[0]);
      else if (i == 1)
        take(c, b, work[1]);
      else
        take(b, a, work[2]);
    });
    racelab::check(work[0] + work[1] + work[2] == 3, "every thread finished its work");
  };

  variant ordered;
  ordered.name = "global_order";
  ordered.body = [](const workload& w) {
    racelab::mutex a{"A"}, b{"B"}, c{"C"};
    int work[3] = {0, 0, 0};
    run_workers(w, 3, [&](int i) {
      if (i == 0)
        take(a, c, work[0]);
      else if (i == 1)
        take(b, c, work[1]);  // C after B, as everywhere
      else
        take(a, b, work[2]);
    });
    racelab::check(work[0] + work[1] + work[2] == 3, "every thread finished its work");
  };

  s.variants = {two, three, ordered};
  return s;
}

}  // namespace racelab::specimens
