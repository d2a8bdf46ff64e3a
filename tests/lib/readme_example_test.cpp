// The example in README.md, compiled and run as written there.
#include <racelab/gtest.hpp>  // includes <racelab/harness.hpp>

namespace {

// Code under test, written against racelab's drop-in primitives.
struct account {
  racelab::mutex m{"account.m"};
  int balance = 0;
};

void transfer(account& from, account& to, int amount) {
  std::scoped_lock both(from.m, to.m);  // std lock types work unchanged
  from.balance -= amount;
  to.balance += amount;
}

TEST(Bank, TransfersConserveMoney) {
  racelab::Options options;
  options.strategy = racelab::Strategy::dfs;  // every schedule...
  options.preemption_bound = 2;               // ...with at most 2 preemptions
  options.iterations = 100000;

  const racelab::Result result = racelab::explore(options, [] {
    account a, b;
    a.balance = 100;
    racelab::thread t1(transfer, std::ref(a), std::ref(b), 30);
    racelab::thread t2(transfer, std::ref(b), std::ref(a), 10);
    t1.join();
    t2.join();
    racelab::check(a.balance + b.balance == 100, "money is conserved");
  });

  EXPECT_EXPLORED_CLEAN(result);  // on failure: kind, message, swimlanes, replay command
  EXPECT_TRUE(result.exhausted);
}

}  // namespace
