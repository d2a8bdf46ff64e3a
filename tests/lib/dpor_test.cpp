// dpor: one schedule per class of equivalent schedules, and every class.
//
// The property at the bottom is the main check: over generated programs
// (atomics, a mutex guarding plain data taken by lock and try_lock, a
// condition variable with plain and timed waits, yields, fences, both
// memory models), dpor reaches exactly the final states dfs
// reaches, never in more schedules. The tests above it pin the verdicts:
// the bug found, its fixed twin clean and exhausted, the failure replayed,
// the process usable after a failure.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <racelab/harness.hpp>

#include "programs.hpp"
#include "tsan.hpp"

namespace {

racelab::Options dpor(int iterations = 100000) {
  racelab::Options o;
  o.strategy = racelab::Strategy::dpor;
  o.iterations = iterations;
  return o;
}

racelab::Options dfs(int iterations = 100000) {
  racelab::Options o = dpor(iterations);
  o.strategy = racelab::Strategy::dfs;
  return o;
}

// Two threads, each `ops` fetch_adds on one counter (every pair dependent),
// or on a counter of its own (every pair independent).
racelab::Result increments(const racelab::Options& o, int ops, bool shared) {
  return racelab::explore(o, [&] {
    racelab::atomic<int> a{0, "a"}, b{0, "b"};
    auto worker = [&](racelab::atomic<int>& c) {
      for (int i = 0; i < ops; ++i)
        c.fetch_add(1);
    };
    racelab::thread t1(worker, std::ref(a)), t2(worker, std::ref(shared ? a : b));
    t1.join();
    t2.join();
    racelab::check(a.load() + b.load() == 2 * ops, "no increment lost");
  });
}

TEST(Dpor, IndependentStepsRunInOneSchedule) {
  const racelab::Result r = increments(dpor(), 3, false);
  EXPECT_FALSE(r.failed()) << r.message;
  EXPECT_TRUE(r.exhausted);
  EXPECT_EQ(r.iterations, 1);
  const racelab::Result all = increments(dfs(), 3, false);
  EXPECT_TRUE(all.exhausted);
  EXPECT_GT(all.iterations, 20);
}

TEST(Dpor, DependentStepsRunInEveryOrder) {
  // C(6,3) = 20 orders of six fetch_adds on one counter, each a class.
  const racelab::Result r = increments(dpor(), 3, true);
  EXPECT_FALSE(r.failed()) << r.message;
  EXPECT_TRUE(r.exhausted);
  EXPECT_EQ(r.iterations, 20);
}

// The lost update with atomics: load, then store one more.
void lost_update(bool fixed) {
  racelab::atomic<int> count{0, "count"};
  auto worker = [&] {
    if (fixed) {
      count.fetch_add(1);
    } else {
      count.store(count.load() + 1);
    }
  };
  racelab::thread t1(worker), t2(worker);
  t1.join();
  t2.join();
  racelab::check(count.load() == 2, "count == 2");
}

TEST(Dpor, FindsTheLostUpdateAndReplaysIt) {
  const racelab::Result r = racelab::explore(dpor(), [] { lost_update(false); });
  ASSERT_EQ(r.failure, racelab::Failure::check) << r.message;
  EXPECT_NE(r.message.find("(dpor)"), std::string::npos) << r.message;
  const racelab::Result again = racelab::replay(r.schedule, [] { lost_update(false); });
  EXPECT_EQ(again.failure, racelab::Failure::check) << again.message;
  EXPECT_EQ(again.trace, r.trace);
}

TEST(Dpor, TheFixedTwinIsCleanInEveryClass) {
  const racelab::Result r = racelab::explore(dpor(), [] { lost_update(true); });
  EXPECT_FALSE(r.failed()) << r.message;
  EXPECT_TRUE(r.exhausted);
  EXPECT_EQ(r.iterations, 2);  // which fetch_add comes first
}

TEST(Dpor, AYieldOrdersUnseenMemoryAgainstOtherThreads) {
  // The plain int is invisible to the harness; the yield between its read
  // and its write is the window dfs explores, and dpor must too.
  const racelab::Result r = racelab::explore(dpor(), [] {
    racelab::atomic<int> started{0, "started"};
    int count = 0;
    auto worker = [&] {
      started.fetch_add(1);
      const int seen = count;
      racelab::yield();
      count = seen + 1;
    };
    racelab::thread t1(worker), t2(worker);
    t1.join();
    t2.join();
    racelab::check(count == 2, "count == 2");
  });
  // ThreadSanitizer sees the race on the plain int first (its build).
  EXPECT_EQ(r.failure,
            racelab::detail::tsan::enabled ? racelab::Failure::data_race : racelab::Failure::check)
      << r.message;
}

TEST(Dpor, ALockHiddenBehindAnUnlockIsStillReordered) {
  // Read under the lock, write under it again: the atomicity violation
  // needs T2's first lock between T1's two critical sections.
  const racelab::Result r = racelab::explore(dpor(), [] {
    racelab::mutex m{"m"};
    int balance = 0;
    auto worker = [&] {
      int seen = 0;
      {
        std::lock_guard<racelab::mutex> hold(m);
        seen = balance;
      }
      std::lock_guard<racelab::mutex> hold(m);
      balance = seen + 1;
    };
    racelab::thread t1(worker), t2(worker);
    t1.join();
    t2.join();
    racelab::check(balance == 2, "balance == 2");
  });
  EXPECT_EQ(r.failure, racelab::Failure::check) << r.message;
}

// The final states dfs (unbounded) and dpor reach for `body`, which returns
// its final state: dpor must reach every one.
template <class Body>
void expect_dpor_reaches_what_dfs_reaches(racelab::MemoryModel model, Body body,
                                          std::vector<int> needed) {
  const auto finals = [&](racelab::Strategy strategy) {
    std::set<std::vector<int>> seen;
    racelab::Options o = dpor();
    o.strategy = strategy;
    o.memory_model = model;
    const racelab::Result r = racelab::explore(o, [&] { seen.insert(body()); });
    EXPECT_FALSE(r.failed()) << r.message;
    EXPECT_TRUE(r.exhausted) << r.message;
    return seen;
  };
  const auto all = finals(racelab::Strategy::dfs);
  EXPECT_EQ(all.count(needed), 1u) << "the behaviour exists";
  EXPECT_EQ(finals(racelab::Strategy::dpor), all);
}

// Under the memory model every synchronization touches the global view, so
// the notify inside T0's critical section depends on T1's lock. It is
// ordered before that lock by T0's unlock, and must not hide the race of
// the two locks: T1 taking the mutex first, between T0's store and T1's
// second increment, is a behaviour of its own (found by RapidCheck:
// DporProperty below; dpor missed it).
TEST(Dpor, ASynchronizationBeforeAnUnlockDoesNotHideTheRaceOfTheLocks) {
  expect_dpor_reaches_what_dfs_reaches(
      racelab::MemoryModel::rc11,
      [] {
        racelab::atomic<int> x{0, "x"};
        racelab::mutex m{"m"};
        racelab::condition_variable cv{"cv"};
        bool signalled = false;
        int first = 0, second = 0, saw_signal = 0;
        racelab::thread t1([&] {
          first = x.fetch_add(1, std::memory_order_relaxed);
          second = x.fetch_add(1, std::memory_order_relaxed);
          std::lock_guard<racelab::mutex> hold(m);
          saw_signal = signalled ? 1 : 0;
        });
        x.store(1, std::memory_order_relaxed);
        {
          std::lock_guard<racelab::mutex> hold(m);
          signalled = true;
          cv.notify_all();
        }
        t1.join();
        return std::vector<int>{x.load(), first, second, saw_signal};
      },
      {2, 0, 1, 0});
}

// The same with the threads numbered the other way round: T0's store is
// ordered before T1's lock only through T2, which holds the mutex; whether
// a step is a race must not depend on the order threads are looked at in.
TEST(Dpor, WhetherAStepRacesDoesNotDependOnThreadNumbers) {
  expect_dpor_reaches_what_dfs_reaches(racelab::MemoryModel::rc11,
                                       [] {
                                         racelab::atomic<int> y{0, "y"};
                                         racelab::mutex m{"m"};
                                         int inside = 0, seen = 0, read = 0;
                                         racelab::thread t1([&] {
                                           std::lock_guard<racelab::mutex> hold(m);
                                           seen = inside;
                                         });
                                         racelab::thread t2([&] {
                                           std::lock_guard<racelab::mutex> hold(m);
                                           inside = 1;
                                           read = y.load();
                                         });
                                         y.store(1);
                                         t1.join();
                                         t2.join();
                                         return std::vector<int>{seen, read};
                                       },
                                       {0, 1});
}

// A recursive mutex locked again by its owner is no taking of it: T1's
// lock races with T0's first lock, which it can precede.
TEST(Dpor, ARecursiveMutexsReentryDoesNotHideItsFirstLock) {
  expect_dpor_reaches_what_dfs_reaches(racelab::MemoryModel::sequentially_consistent,
                                       [] {
                                         racelab::recursive_mutex m{"m"};
                                         int value = 0, seen = -1;
                                         racelab::thread t1([&] {
                                           std::lock_guard<racelab::recursive_mutex> hold(m);
                                           seen = value;
                                         });
                                         {
                                           std::lock_guard<racelab::recursive_mutex> outer(m);
                                           std::lock_guard<racelab::recursive_mutex> inner(m);
                                           value = 1;
                                         }
                                         t1.join();
                                         return std::vector<int>{seen};
                                       },
                                       {0});
}

TEST(Dpor, FindsALostWakeUp) {
  const racelab::Result r = racelab::explore(dpor(), [] {
    racelab::mutex m{"m"};
    racelab::condition_variable cv{"cv"};
    racelab::atomic<bool> ready{false, "ready"};
    racelab::thread waiter([&] {
      if (!ready.load()) {  // checked outside the lock: the notify can come in between
        std::unique_lock<racelab::mutex> hold(m);
        cv.wait(hold);
      }
    });
    ready.store(true);
    cv.notify_one();
    waiter.join();
  });
  EXPECT_EQ(r.failure, racelab::Failure::deadlock) << r.message;
}

TEST(Dpor, TheProcessStaysUsableAfterAFailure) {
  const racelab::Result bad = racelab::explore(dpor(), [] { lost_update(false); });
  ASSERT_TRUE(bad.failed());
  const racelab::Result good = racelab::explore(dpor(), [] { lost_update(true); });
  EXPECT_FALSE(good.failed()) << good.message;
  EXPECT_TRUE(good.exhausted);
}

// --- bounded dpor ------------------------------------------------------

racelab::Options bounded(racelab::Strategy strategy, int bound) {
  racelab::Options o = dpor();
  o.strategy = strategy;
  o.preemption_bound = bound;
  return o;
}

TEST(BoundedDpor, FindsTheLostUpdateWithOnePreemptionAndNotWithNone) {
  // T1 loads, T2 preempts it and increments, T1 stores: one preemption.
  const racelab::Result none =
      racelab::explore(bounded(racelab::Strategy::dpor, 0), [] { lost_update(false); });
  EXPECT_FALSE(none.failed()) << none.message;
  EXPECT_TRUE(none.exhausted);
  const racelab::Result one =
      racelab::explore(bounded(racelab::Strategy::dpor, 1), [] { lost_update(false); });
  ASSERT_EQ(one.failure, racelab::Failure::check) << one.message;
  EXPECT_NE(one.message.find("(dpor, preemption bound 1)"), std::string::npos) << one.message;
  const racelab::Result again = racelab::replay(one.schedule, [] { lost_update(false); });
  EXPECT_EQ(again.failure, racelab::Failure::check) << again.message;
  EXPECT_EQ(again.trace, one.trace);
}

TEST(BoundedDpor, TheFixedTwinIsCleanAndExhaustedInFewerSchedulesThanBoundedDfs) {
  for (int bound : {0, 1, 2}) {
    const auto run = [&](racelab::Strategy strategy) {
      return racelab::explore(bounded(strategy, bound),
                              [] { racelab_test::atomic_increments(3, 2); });
    };
    const racelab::Result reduced = run(racelab::Strategy::dpor);
    const racelab::Result all = run(racelab::Strategy::dfs);
    EXPECT_FALSE(reduced.failed()) << reduced.message;
    EXPECT_TRUE(reduced.exhausted) << bound;
    EXPECT_TRUE(all.exhausted) << bound;
    EXPECT_LT(reduced.iterations, all.iterations) << bound;
  }
}

TEST(BoundedDpor, TheProcessStaysUsableAfterAFailure) {
  const racelab::Result bad =
      racelab::explore(bounded(racelab::Strategy::dpor, 2), [] { lost_update(false); });
  ASSERT_TRUE(bad.failed());
  const racelab::Result good =
      racelab::explore(bounded(racelab::Strategy::dpor, 2), [] { lost_update(true); });
  EXPECT_FALSE(good.failed()) << good.message;
  EXPECT_TRUE(good.exhausted);
}

TEST(BoundedDpor, TheEnvironmentBoundsADporRun) {
  ::setenv("RACELAB_STRATEGY", "dpor", 1);
  ::setenv("RACELAB_PREEMPTION_BOUND", "0", 1);
  const racelab::Result none = racelab::explore(dpor(), [] { lost_update(false); });
  ::setenv("RACELAB_PREEMPTION_BOUND", "1", 1);
  const racelab::Result one = racelab::explore(dfs(), [] { lost_update(false); });
  ::setenv("RACELAB_PREEMPTION_BOUND", "two", 1);
  EXPECT_THROW(racelab::explore(dpor(), [] {}), std::invalid_argument);
  ::unsetenv("RACELAB_PREEMPTION_BOUND");
  ::unsetenv("RACELAB_STRATEGY");
  EXPECT_FALSE(none.failed()) << none.message;
  EXPECT_TRUE(none.exhausted);
  EXPECT_EQ(one.failure, racelab::Failure::check) << one.message;
  EXPECT_NE(one.message.find("(dpor, preemption bound 1)"), std::string::npos) << one.message;
}

TEST(BoundedDpor, ANegativeBoundOtherThanNoneIsRejected) {
  EXPECT_THROW(racelab::explore(bounded(racelab::Strategy::dpor, -2), [] {}),
               std::invalid_argument);
}

TEST(Dpor, RacelabStrategyDporRunsABoundedDfsTestWithoutItsBound) {
  racelab::Options o = dfs();
  o.preemption_bound = 0;
  ::setenv("RACELAB_STRATEGY", "dpor", 1);
  const racelab::Result r = racelab::explore(o, [] { lost_update(false); });
  ::unsetenv("RACELAB_STRATEGY");
  EXPECT_EQ(r.failure, racelab::Failure::check) << r.message;
  EXPECT_NE(r.message.find("(dpor)"), std::string::npos) << r.message;
}

// --- dpor agrees with dfs on generated programs -------------------------

enum class op_type {
  load,
  store,
  fetch_add,
  exchange,
  locked_increment,
  try_locked_increment,
  yield,
  fence,
  timed_await,  // may time out
  signal,       // the last two: first thread only / other threads only
  await
};

struct step {
  op_type type = op_type::load;
  int location = 0;  // which of the two atomics
  int value = 1;
  std::memory_order order = std::memory_order_seq_cst;
};

struct program {
  std::vector<std::vector<step>> threads;
  bool rc11 = false;
};

program draw_program() {
  program p;
  p.rc11 = *rc::gen::arbitrary<bool>();
  const int threads = *rc::gen::inRange(2, 4);
  // Only the first thread may signal and only the others wait: nothing
  // deadlocks, and every final state is reached by a finished schedule.
  for (int t = 0; t < threads; ++t) {
    std::vector<step> body;
    const int ops = *rc::gen::inRange(1, threads == 2 ? 4 : 3);
    for (int k = 0; k < ops; ++k) {
      step s;
      s.type = static_cast<op_type>(*rc::gen::inRange(0, 11));
      if (s.type == op_type::signal && t != 0) s.type = op_type::await;
      if (s.type == op_type::await && t == 0) s.type = op_type::signal;
      s.location = *rc::gen::inRange(0, 2);
      s.value = *rc::gen::inRange(1, 3);
      if (p.rc11) {
        static constexpr std::memory_order orders[] = {
            std::memory_order_relaxed, std::memory_order_acquire, std::memory_order_release,
            std::memory_order_seq_cst};
        s.order = orders[*rc::gen::inRange(0, 4)];
      }
      body.push_back(s);
    }
    p.threads.push_back(body);
  }
  // Someone must signal what the others await.
  const auto uses_the_signal = [](const std::vector<step>& body) {
    return std::any_of(body.begin(), body.end(), [](const step& s) {
      return s.type == op_type::await || s.type == op_type::signal;
    });
  };
  if (std::any_of(p.threads.begin() + 1, p.threads.end(), uses_the_signal) &&
      !uses_the_signal(p.threads[0])) {
    step s;
    s.type = op_type::signal;
    p.threads[0].push_back(s);
  }
  return p;
}

std::memory_order load_order(std::memory_order o) {
  return o == std::memory_order_release ? std::memory_order_relaxed : o;
}

std::memory_order store_order(std::memory_order o) {
  return o == std::memory_order_acquire ? std::memory_order_relaxed : o;
}

// Every final state: the atomics, the guarded count, and what each thread read.
std::set<std::vector<int>> final_states(const program& p, racelab::Strategy strategy,
                                        racelab::Result& result, int bound = -1) {
  std::set<std::vector<int>> states;
  racelab::Options o = dpor(400);
  o.strategy = strategy;
  o.preemption_bound = bound;
  o.memory_model =
      p.rc11 ? racelab::MemoryModel::rc11 : racelab::MemoryModel::sequentially_consistent;
  result = racelab::explore(o, [&] {
    racelab::atomic<int> x{0, "x"}, y{0, "y"};
    racelab::mutex m{"m"};
    racelab::condition_variable cv{"cv"};
    int guarded = 0;
    bool signalled = false;
    std::vector<std::vector<int>> seen(p.threads.size());
    auto run = [&](std::size_t t) {
      for (const step& s : p.threads[t]) {
        racelab::atomic<int>& a = s.location == 0 ? x : y;
        switch (s.type) {
          case op_type::load:
            seen[t].push_back(a.load(load_order(s.order)));
            break;
          case op_type::store:
            a.store(s.value, store_order(s.order));
            break;
          case op_type::fetch_add:
            seen[t].push_back(a.fetch_add(s.value, s.order));
            break;
          case op_type::exchange:
            seen[t].push_back(a.exchange(s.value, s.order));
            break;
          case op_type::locked_increment: {
            std::lock_guard<racelab::mutex> hold(m);
            seen[t].push_back(guarded);
            guarded = guarded + 1;
            break;
          }
          case op_type::try_locked_increment:
            if (m.try_lock()) {
              seen[t].push_back(guarded);
              guarded = guarded + 1;
              m.unlock();
            } else {
              seen[t].push_back(-2);
            }
            break;
          case op_type::timed_await: {
            std::unique_lock<racelab::mutex> hold(m);
            const bool woken =
                cv.wait_for(hold, std::chrono::milliseconds(1), [&] { return signalled; });
            seen[t].push_back(woken ? 1 : 0);
            break;
          }
          case op_type::yield:
            racelab::yield();
            break;
          case op_type::fence:
            racelab::atomic_thread_fence(s.order);
            break;
          case op_type::signal: {
            std::lock_guard<racelab::mutex> hold(m);
            signalled = true;
            cv.notify_all();
            break;
          }
          case op_type::await: {
            std::unique_lock<racelab::mutex> hold(m);
            while (!signalled)
              cv.wait(hold);
            break;
          }
        }
      }
    };
    std::vector<racelab::thread> threads;
    for (std::size_t t = 1; t < p.threads.size(); ++t)
      threads.emplace_back(run, t);
    run(0);
    for (racelab::thread& t : threads)
      t.join();
    std::vector<int> state{x.load(), y.load(), guarded};
    for (const auto& reads : seen) {
      state.push_back(-1);
      state.insert(state.end(), reads.begin(), reads.end());
    }
    states.insert(state);
  });
  return states;
}

RC_GTEST_PROP(DporProperty, ReachesExactlyTheFinalStatesDfsReaches, ()) {
  const program p = draw_program();
  racelab::Result with_dfs, with_dpor;
  const auto all = final_states(p, racelab::Strategy::dfs, with_dfs);
  RC_ASSERT(!with_dfs.failed());  // no generated program deadlocks
  RC_PRE(with_dfs.exhausted);     // a space too large to compare in a unit test
  const auto reduced = final_states(p, racelab::Strategy::dpor, with_dpor);
  RC_ASSERT(!with_dpor.failed());
  RC_ASSERT(with_dpor.exhausted);
  RC_ASSERT(reduced == all);
  RC_ASSERT(with_dpor.iterations <= with_dfs.iterations);
}

// Bounded: every final state dfs reaches within the bound, dpor reaches
// within it too (it may reach more: a class counts as within the bound when
// one of its schedules is), and only states some schedule reaches.
RC_GTEST_PROP(DporProperty, BoundedReachesEveryFinalStateBoundedDfsReaches, ()) {
  const program p = draw_program();
  const int bound = *rc::gen::inRange(0, 3);
  racelab::Result with_dfs, with_dpor, unbounded;
  const auto all = final_states(p, racelab::Strategy::dfs, unbounded);
  RC_PRE(unbounded.exhausted);
  const auto within = final_states(p, racelab::Strategy::dfs, with_dfs, bound);
  RC_ASSERT(!with_dfs.failed());
  RC_ASSERT(with_dfs.exhausted);
  const auto reduced = final_states(p, racelab::Strategy::dpor, with_dpor, bound);
  RC_ASSERT(!with_dpor.failed());
  RC_ASSERT(with_dpor.exhausted);
  RC_ASSERT(std::includes(reduced.begin(), reduced.end(), within.begin(), within.end()));
  RC_ASSERT(std::includes(all.begin(), all.end(), reduced.begin(), reduced.end()));
}

}  // namespace
