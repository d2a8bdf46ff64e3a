// What the C++ standard leaves open, explored: spurious wake-ups, spurious
// compare_exchange_weak failures, and which waiter notify_one wakes. Each is
// found when code depends on it, clean when code is written for it, off
// with its Option, and replayed from the schedule string.
#include <set>
#include <string>

#include <gtest/gtest.h>

#include <racelab/harness.hpp>

namespace {

using racelab::Failure;
using racelab::Options;
using racelab::Strategy;

Options dfs(int bound = 2) {
  Options o;
  o.strategy = Strategy::dfs;
  o.preemption_bound = bound;
  o.iterations = 100000;
  return o;
}

// A consumer that waits with `if` instead of `while`.
void wait_with_if(bool use_while) {
  racelab::mutex m{"m"};
  racelab::condition_variable cv{"cv"};
  bool ready = false;
  racelab::thread consumer([&] {
    std::unique_lock<racelab::mutex> lock(m);
    if (use_while) {
      while (!ready)
        cv.wait(lock);
    } else if (!ready) {
      cv.wait(lock);
    }
    racelab::check(ready, "woken only once ready is set");
  });
  {
    std::lock_guard<racelab::mutex> hold(m);
    ready = true;
  }
  cv.notify_one();
  consumer.join();
}

TEST(SpuriousWakeups, AnIfInsteadOfAWhileIsFound) {
  const auto r = racelab::explore(dfs(), [] { wait_with_if(false); });
  ASSERT_EQ(r.failure, Failure::check) << r.message;
  EXPECT_NE(r.trace.find("wake spuriously"), std::string::npos) << r.trace;
  EXPECT_NE(r.schedule.find(",c1"), std::string::npos) << r.schedule;
  const auto again = racelab::replay(r.schedule, [] { wait_with_if(false); });
  EXPECT_EQ(again.failure, Failure::check) << again.message;
  EXPECT_EQ(again.trace, r.trace);
}

TEST(SpuriousWakeups, AWhileLoopIsCleanAndTheSpaceStaysFinite) {
  const auto r = racelab::explore(dfs(), [] { wait_with_if(true); });
  EXPECT_FALSE(r.failed()) << r.message;
  EXPECT_TRUE(r.exhausted);
}

TEST(SpuriousWakeups, TurnedOffTheIfIsNotCaught) {
  Options o = dfs();
  o.spurious_wakeups = false;
  const auto r = racelab::explore(o, [] { wait_with_if(false); });
  EXPECT_FALSE(r.failed()) << r.message;
  EXPECT_TRUE(r.exhausted);
}

TEST(SpuriousWakeups, ALostWakeUpIsStillADeadlock) {
  const auto r = racelab::explore(dfs(), [] {
    racelab::mutex m{"m"};
    racelab::condition_variable cv{"cv"};
    bool ready = false;
    racelab::thread waiter([&] {
      std::unique_lock<racelab::mutex> lock(m);
      while (!ready)
        cv.wait(lock);  // nobody ever notifies
    });
    waiter.join();
  });
  EXPECT_EQ(r.failure, Failure::deadlock) << r.message;
}

TEST(SpuriousWakeups, BoundZeroExploresNone) {
  const auto r = racelab::explore(dfs(0), [] { wait_with_if(false); });
  EXPECT_FALSE(r.failed()) << r.message;
  EXPECT_TRUE(r.exhausted);
}

// Takes the flag once with a weak compare_exchange and no retry loop.
void take_once(bool retry) {
  racelab::atomic<int> flag{0, "flag"};
  racelab::thread t([&] {
    int expected = 0;
    bool taken = flag.compare_exchange_weak(expected, 1);
    while (retry && !taken && expected == 0)
      taken = flag.compare_exchange_weak(expected, 1);
    racelab::check(taken, "the flag was free, so it is taken");
  });
  t.join();
}

TEST(SpuriousCasFailures, AWeakCompareExchangeWithoutALoopIsFound) {
  const auto r = racelab::explore(dfs(), [] { take_once(false); });
  ASSERT_EQ(r.failure, Failure::check) << r.message;
  EXPECT_NE(r.trace.find("fails spuriously"), std::string::npos) << r.trace;
  const auto again = racelab::replay(r.schedule, [] { take_once(false); });
  EXPECT_EQ(again.failure, Failure::check);
  EXPECT_EQ(again.trace, r.trace);
}

TEST(SpuriousCasFailures, ARetryLoopIsCleanAndTheSpaceStaysFinite) {
  const auto r = racelab::explore(dfs(), [] { take_once(true); });
  EXPECT_FALSE(r.failed()) << r.message;
  EXPECT_TRUE(r.exhausted);
}

TEST(SpuriousCasFailures, TurnedOffTheWeakFormNeverFailsOnAMatch) {
  Options o = dfs();
  o.spurious_cas_failures = false;
  const auto r = racelab::explore(o, [] { take_once(false); });
  EXPECT_FALSE(r.failed()) << r.message;
}

TEST(SpuriousCasFailures, TheStrongFormNeverFailsOnAMatch) {
  const auto r = racelab::explore(dfs(), [] {
    racelab::atomic<int> flag{0, "flag"};
    int expected = 0;
    racelab::check(flag.compare_exchange_strong(expected, 1), "strong never fails spuriously");
  });
  EXPECT_FALSE(r.failed()) << r.message;
}

// Waiter 1 waits first, then waiter 2; one notify_one. Which one wakes?
std::set<int> woken_by_notify_one(bool any_waiter) {
  std::set<int> seen;
  Options o = dfs(1);
  o.any_waiter = any_waiter;
  o.spurious_wakeups = false;
  const auto r = racelab::explore(o, [&] {
    racelab::mutex m{"m"};
    racelab::condition_variable cv{"cv"};
    int waiting = 0, go = 0, first = -1;
    auto waiter = [&](int me) {
      std::unique_lock<racelab::mutex> lock(m);
      ++waiting;
      while (go == 0)
        cv.wait(lock);
      if (first < 0) first = me;
      --go;
    };
    auto until_waiting = [&](int n) {
      std::unique_lock<racelab::mutex> lock(m);
      while (waiting < n) {
        lock.unlock();
        racelab::yield();
        lock.lock();
      }
    };
    racelab::thread a(waiter, 1);
    until_waiting(1);
    racelab::thread b(waiter, 2);
    until_waiting(2);
    {
      std::lock_guard<racelab::mutex> hold(m);
      go = 1;
    }
    cv.notify_one();
    {
      std::unique_lock<racelab::mutex> lock(m);
      while (first < 0) {
        lock.unlock();
        racelab::yield();
        lock.lock();
      }
      seen.insert(first);
      go = 1;
    }
    cv.notify_one();
    a.join();
    b.join();
  });
  EXPECT_FALSE(r.failed()) << r.message;
  return seen;
}

TEST(AnyWaiter, NotifyOneMayWakeEitherWaiter) {
  EXPECT_EQ(woken_by_notify_one(true), (std::set<int>{1, 2}));
}

TEST(AnyWaiter, TurnedOffNotifyOneWakesTheLongestWaiting) {
  EXPECT_EQ(woken_by_notify_one(false), (std::set<int>{1}));
}

}  // namespace
