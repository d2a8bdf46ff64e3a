// interest_update: two threads apply +10% and +15% with get, update, store.
//
// Every access to the balance is under the mutex, so there is no data race
// and ThreadSanitizer stays silent; yet both threads can read the same old
// balance and the second store erases the first one's interest. That
// contrast is the lesson: race-free is not the same as correct.
#include <mutex>

#include "../specimens.hpp"

namespace racelab::specimens {
namespace {

struct account {
  racelab::mutex m{"balance_mutex"};
  long cents = 10000;

  long get() {
    std::lock_guard<racelab::mutex> hold(m);
    return cents;
  }
  void set(long value) {
    std::lock_guard<racelab::mutex> hold(m);
    cents = value;
  }
};

constexpr long kRates[] = {110, 115};  // percent

void check_both_applied(const account& a) {
  racelab::check(a.cents == 10000 * 110 / 100 * 115 / 100, "both interest updates applied");
}

}  // namespace

specimen interest_update() {
  specimen s;
  s.name = "interest_update";
  s.summary = "two interest updates read-update-store a balance, each step locked";
  s.invariant = "balance == 100.00 x 1.10 x 1.15";
  s.explanation =
      "Each get() and set() holds the lock, so ThreadSanitizer sees no data race, but the lock "
      "is released between reading and writing: both updates can start from 100.00 and one is "
      "lost. An atomicity violation needs the whole read-update-store in one critical section; "
      "the harness finds it because it explores the schedule between the two locks.";
  s.proof_workload = {2, 1};

  variant racy;
  racy.name = "get_update_store";
  racy.racy = true;
  racy.kind = bug_class::atomicity_violation;
  racy.harness_flags = {Failure::check};
  racy.tsan_report = "";  // data-race-free: only the harness can see it
  racy.budget = 100;
  racy.body = [](const workload& w) {
    account a;
    run_workers(w, 2, [&](int i) { a.set(a.get() * kRates[i] / 100); });
    check_both_applied(a);
  };

  variant fixed;
  fixed.name = "one_critical_section";
  fixed.body = [](const workload& w) {
    account a;
    run_workers(w, 2, [&](int i) {
      std::lock_guard<racelab::mutex> hold(a.m);
      a.cents = a.cents * kRates[i] / 100;
    });
    check_both_applied(a);
  };

  s.variants = {racy, fixed};
  return s;
}

}  // namespace racelab::specimens
