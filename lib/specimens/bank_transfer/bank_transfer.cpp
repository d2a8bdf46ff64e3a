// bank_transfer: transfers between accounts.
//
// Unsynchronized, two transfers that touch the same account overwrite each
// other's balance: money is created or destroyed. Locking the source and then
// the destination fixes that but deadlocks when a->b and b->a cross: each
// holds its source and waits for the other's.
#include <deque>
#include <mutex>

#include "../specimens.hpp"

namespace racelab::specimens {
namespace {

struct account {
  racelab::mutex m;
  int balance = 100;
};

// Worker i moves `amount` from account i to account i+1 (mod n), so every
// pair of neighbours crosses.
template <class Transfer>
void run_bank(const workload& w, Transfer transfer) {
  const int n = std::max(w.accounts, 2);
  std::deque<account> accounts(static_cast<std::size_t>(n));
  run_workers(w, w.threads, [&](int i) {
    for (int k = 0; k < w.operations; ++k) {
      transfer(accounts[static_cast<std::size_t>(i % n)],
               accounts[static_cast<std::size_t>((i + 1) % n)], w.amount);
    }
  });
  int total = 0;
  for (const account& a : accounts)
    total += a.balance;
  racelab::check(total == 100 * n, "total money is conserved");
}

}  // namespace

specimen bank_transfer() {
  specimen s;
  s.name = "bank_transfer";
  s.summary = "transfers between accounts lose money, or deadlock when they cross";
  s.invariant = "the total over all accounts never changes";
  s.explanation =
      "Without locks, a transfer's read-modify-write of a balance races with another's. Locking "
      "the source then the destination makes two crossing transfers hold one lock each and wait "
      "for the other's: a deadlock. std::scoped_lock takes both locks together with a "
      "deadlock-avoiding algorithm; locking in one global order (lower address first) breaks "
      "the cycle too.";
  s.proof_workload = {2, 1, 2, 10};

  variant racy;
  racy.name = "unsynchronized";
  racy.racy = true;
  racy.kind = bug_class::data_race;
  racy.harness_flags = {Failure::check, Failure::data_race};
  racy.tsan_report = "data race";
  racy.budget = 50;
  racy.body = [](const workload& w) {
    run_bank(w, [](account& from, account& to, int amount) {
      const int f = from.balance;
      racelab::yield();
      from.balance = f - amount;
      const int t = to.balance;
      racelab::yield();
      to.balance = t + amount;
    });
  };

  variant crossing;
  crossing.name = "lock_source_then_destination";
  crossing.racy = true;
  crossing.kind = bug_class::deadlock;
  crossing.harness_flags = {Failure::deadlock, Failure::lock_order_inversion};
  crossing.tsan_report = "lock-order-inversion";
  crossing.plain_run_hangs = true;
  crossing.budget = 50;
  crossing.body = [](const workload& w) {
    run_bank(w, [](account& from, account& to, int amount) {
      std::lock_guard<racelab::mutex> a(from.m);
      std::lock_guard<racelab::mutex> b(to.m);
      from.balance -= amount;
      to.balance += amount;
    });
  };

  variant scoped;
  scoped.name = "scoped_lock";
  scoped.bounded_because =
      "std::scoped_lock backs off (unlocks and retries) when its second mutex is taken; two "
      "threads can back off in lockstep any number of times, each round a behaviour of its own: "
      "the space is infinite";
  scoped.body = [](const workload& w) {
    run_bank(w, [](account& from, account& to, int amount) {
      std::scoped_lock both(from.m, to.m);
      from.balance -= amount;
      to.balance += amount;
    });
  };

  variant ordered;
  ordered.name = "global_order";
  ordered.body = [](const workload& w) {
    run_bank(w, [](account& from, account& to, int amount) {
      account& first = &from < &to ? from : to;
      account& second = &from < &to ? to : from;
      std::lock_guard<racelab::mutex> a(first.m);
      std::lock_guard<racelab::mutex> b(second.m);
      from.balance -= amount;
      to.balance += amount;
    });
  };

  s.variants = {racy, crossing, scoped, ordered};
  return s;
}

}  // namespace racelab::specimens
