// Strategies: dfs enumerates every interleaving (within a preemption bound),
// pct and random are deterministic per seed.
#include <set>
#include <vector>

#include <gtest/gtest.h>

#include <racelab/harness.hpp>

namespace {

// T1 and T2 each do `ops` fetch_adds on a shared sequence counter and write
// their number into the slot it returns; the log is the interleaving.
struct interleavings {
  std::set<std::vector<int>> seen;
  racelab::Result result;
};

interleavings explore_two_threads(int ops, int bound) {
  interleavings out;
  racelab::Options o;
  o.strategy = racelab::Strategy::dfs;
  o.preemption_bound = bound;
  o.iterations = 100000;
  out.result = racelab::explore(o, [&] {
    std::vector<int> log(static_cast<std::size_t>(2 * ops), 0);
    racelab::atomic<int> next{0, "next"};
    auto worker = [&](int id) {
      for (int i = 0; i < ops; ++i)
        log[static_cast<std::size_t>(next.fetch_add(1))] = id;
    };
    racelab::thread a(worker, 1), b(worker, 2);
    a.join();
    b.join();
    out.seen.insert(log);
  });
  return out;
}

TEST(Dfs, VisitsEveryInterleavingOfTwoThreads) {
  // C(4,2) = 6 and C(6,3) = 20 orders of the fetch_adds.
  const auto two = explore_two_threads(2, -1);
  EXPECT_TRUE(two.result.exhausted);
  EXPECT_EQ(two.seen.size(), 6u);
  const auto three = explore_two_threads(3, -1);
  EXPECT_TRUE(three.result.exhausted);
  EXPECT_EQ(three.seen.size(), 20u);
  EXPECT_EQ(three.result.iterations, static_cast<int>(three.result.iterations));
}

TEST(Dfs, PreemptionBoundZeroRunsEachThreadToItsEnd) {
  const auto r = explore_two_threads(3, 0);
  EXPECT_TRUE(r.result.exhausted);
  EXPECT_EQ(r.seen, (std::set<std::vector<int>>{{1, 1, 1, 2, 2, 2}, {2, 2, 2, 1, 1, 1}}));
}

TEST(Dfs, LargerBoundsAddInterleavingsUntilAllAreSeen) {
  const auto one = explore_two_threads(3, 1);
  const auto two = explore_two_threads(3, 2);
  const auto all = explore_two_threads(3, -1);
  EXPECT_TRUE(one.result.exhausted);
  EXPECT_LT(2u, one.seen.size());
  EXPECT_LE(one.seen.size(), two.seen.size());
  EXPECT_LT(one.result.iterations, all.result.iterations);
  EXPECT_EQ(two.seen.size() <= all.seen.size(), true);
}

TEST(Dfs, IterationLimitStopsBeforeExhaustion) {
  racelab::Options o;
  o.strategy = racelab::Strategy::dfs;
  o.iterations = 3;
  const auto r = racelab::explore(o, [] {
    racelab::atomic<int> x{0};
    racelab::thread a([&] { x.fetch_add(1); }), b([&] { x.fetch_add(1); });
    a.join();
    b.join();
  });
  EXPECT_EQ(r.iterations, 3);
  EXPECT_FALSE(r.exhausted);
}

TEST(Dfs, ANondeterministicBodyIsReported) {
  int run = 0;
  racelab::Options o;
  o.strategy = racelab::Strategy::dfs;
  const auto r = racelab::explore(o, [&] {
    racelab::atomic<int> x{0};
    const int extra = run++ % 2;  // depends on how many times the body ran
    racelab::thread a([&] {
      for (int i = 0; i <= extra; ++i)
        x.fetch_add(1);
    });
    racelab::thread b([&] { x.fetch_add(1); });
    a.join();
    b.join();
  });
  ASSERT_EQ(r.failure, racelab::Failure::misuse);
  EXPECT_NE(r.message.find("nondeterministic body"), std::string::npos) << r.message;
}

TEST(Pct, FindsADepthTwoOrderingBugQuickly) {
  // T2 must run its load between T1's store and T1's second store: one
  // preemption at the right step, a depth-2 bug.
  racelab::Options o;
  o.strategy = racelab::Strategy::pct;
  o.pct_depth = 2;
  int found = 0;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    o.seed = seed;
    const auto r = racelab::explore(o, [] {
      racelab::atomic<int> state{0, "state"};
      racelab::thread writer([&] {
        state.store(1);
        state.store(2);
      });
      racelab::thread reader([&] { racelab::check(state.load() != 1, "saw the transient state"); });
      writer.join();
      reader.join();
    });
    found += r.failure == racelab::Failure::check ? 1 : 0;
  }
  EXPECT_EQ(found, 20);
}

TEST(RandomAndPct, DifferentSeedsExploreDifferentSchedules) {
  for (auto s : {racelab::Strategy::random, racelab::Strategy::pct}) {
    std::set<std::string> schedules;
    for (std::uint64_t seed = 0; seed < 10; ++seed) {
      racelab::Options o;
      o.strategy = s;
      o.seed = seed;
      o.iterations = 1;
      schedules.insert(racelab::explore(o, [] {
                         racelab::atomic<int> x{0};
                         racelab::thread a([&] {
                           x.fetch_add(1);
                           x.fetch_add(1);
                         });
                         racelab::thread b([&] {
                           x.fetch_add(1);
                           x.fetch_add(1);
                         });
                         a.join();
                         b.join();
                       }).schedule);
    }
    EXPECT_GT(schedules.size(), 2u) << racelab::to_string(s);
  }
}

}  // namespace

namespace {

// A consumer spinning on yield() until a producer sets a flag: fair
// strategies let the producer run instead of spinning to the step limit.
void spin_until_published() {
  racelab::atomic<bool> ready{false, "ready"};
  racelab::thread consumer([&] {
    while (!ready.load())
      racelab::yield();
  });
  racelab::thread producer([&] { ready.store(true); });
  consumer.join();
  producer.join();
}

TEST(Fairness, EveryStrategyLetsTheAwaitedThreadRunAfterAYield) {
  for (auto s : {racelab::Strategy::random, racelab::Strategy::pct, racelab::Strategy::dfs}) {
    racelab::Options o;
    o.strategy = s;
    o.iterations = 500;
    o.max_steps = 2000;
    const auto r = racelab::explore(o, spin_until_published);
    EXPECT_FALSE(r.failed()) << racelab::to_string(s) << "\n" << r.message;
    if (s == racelab::Strategy::dfs) {
      EXPECT_TRUE(r.exhausted) << "a spin loop has a finite tree";
    }
  }
}

}  // namespace
