// An ordinary GoogleTest file, written without racelab: std threads and
// locks and plain assertions. Linked with racelab::gtest_main instead of
// GTest::gtest_main, `--racelab_iterations=N` explores each test
// (gtest_main_test.sh checks what it reports).
#include <mutex>
#include <shared_mutex>
#include <thread>

#include <gtest/gtest.h>

#include <racelab/harness.hpp>

namespace {

int upgrade_twice(bool fixed) {
  std::shared_mutex m;
  int value = 0;
  auto increment = [&] {
    if (fixed) {
      std::unique_lock<std::shared_mutex> write(m);
      value = value + 1;
      return;
    }
    int seen = 0;
    {
      std::shared_lock<std::shared_mutex> read(m);
      seen = value;
    }
    std::unique_lock<std::shared_mutex> write(m);
    value = seen + 1;
  };
  std::thread a(increment), b(increment);
  a.join();
  b.join();
  return value;
}

TEST(Counter, UpgradeGapLosesAnIncrement) {
  EXPECT_EQ(upgrade_twice(false), 2);
}

TEST(Counter, ExclusiveLockKeepsBoth) {
  EXPECT_EQ(upgrade_twice(true), 2);
}

TEST(Plain, NoThreads) {
  EXPECT_EQ(1 + 1, 2);
}

// A test that uses racelab itself keeps doing so.
TEST(Aware, ExploresByItself) {
  racelab::Options o;
  o.strategy = racelab::Strategy::dfs;
  const racelab::Result r = racelab::explore(o, [] {
    racelab::atomic<int> x{0};
    racelab::thread t([&] { x.fetch_add(1); });
    x.fetch_add(1);
    t.join();
    racelab::check(x.load() == 2, "both counted");
  });
  EXPECT_FALSE(r.failed()) << r.message;
}

}  // namespace
