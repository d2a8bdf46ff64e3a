// self_deadlock: a function that holds a mutex calls another that locks it.
//
// deposit() locks the account and then calls audit(), which locks it again.
// A std::mutex does not let its owner in twice: the thread waits for itself.
#include <mutex>

#include "../specimens.hpp"

namespace racelab::specimens {
namespace {

template <class Mutex>
struct ledger {
  Mutex m{"ledger_mutex"};
  int balance = 0;
  int audits = 0;

  void audit() {
    std::lock_guard<Mutex> hold(m);
    ++audits;
  }
  void deposit(int amount) {
    std::lock_guard<Mutex> hold(m);
    balance += amount;
    audit();  // locks m again
  }
};

struct restructured_ledger {
  racelab::mutex m{"ledger_mutex"};
  int balance = 0;
  int audits = 0;

  void audit_locked() { ++audits; }  // caller holds m
  void audit() {
    std::lock_guard<racelab::mutex> hold(m);
    audit_locked();
  }
  void deposit(int amount) {
    std::lock_guard<racelab::mutex> hold(m);
    balance += amount;
    audit_locked();
  }
};

template <class Ledger>
void run_ledger(const workload& w) {
  Ledger l;
  run_workers(w, w.threads, [&](int) {
    for (int i = 0; i < w.operations; ++i)
      l.deposit(w.amount);
  });
  racelab::check(
      l.balance == w.threads * w.operations * w.amount && l.audits == w.threads * w.operations,
      "every deposit applied and audited");
}

}  // namespace

specimen self_deadlock() {
  specimen s;
  s.name = "self_deadlock";
  s.summary = "a thread re-locks a non-recursive mutex it already holds";
  s.invariant = "every deposit is applied and audited";
  s.explanation =
      "deposit() holds the mutex when it calls audit(), which locks it again; a non-recursive "
      "mutex makes its owner wait for itself forever. Restructure so the inner function expects "
      "the lock to be held (audit_locked), or, where re-entry is the design, use a "
      "recursive_mutex.";
  s.proof_workload = {2, 1};

  variant racy;
  racy.name = "relock";
  racy.racy = true;
  racy.kind = bug_class::misuse;
  racy.harness_flags = {Failure::deadlock};
  racy.tsan_report = "";
  racy.plain_run_possible = false;  // a plain run waits for itself forever
  racy.budget = 1;
  racy.body = [](const workload& w) { run_ledger<ledger<racelab::mutex>>(w); };

  variant restructured;
  restructured.name = "restructure";
  restructured.body = [](const workload& w) { run_ledger<restructured_ledger>(w); };

  variant recursive;
  recursive.name = "recursive_mutex";
  recursive.body = [](const workload& w) { run_ledger<ledger<racelab::recursive_mutex>>(w); };

  s.variants = {racy, restructured, recursive};
  return s;
}

}  // namespace racelab::specimens
