// ThreadSanitizer under the memory model: the happens-before edges TSan sees
// are those of the store each load read (lib/src/memory_model.hpp), not
// those of the real location's latest store.
//
// The MemoryModelTsanReports tests expect a data race report and run through
// sanitizers/run in the tsan build (tests/lib/CMakeLists.txt); elsewhere they
// are skipped. The others must be clean in every build.
#include <gtest/gtest.h>

#include <racelab/harness.hpp>

#include "tsan.hpp"

namespace {

// (memory_model_test.cpp names these orders relaxed, acquire and release;
// this file says mo_*, so that both compile as one unity file.)
constexpr auto mo_relaxed = std::memory_order_relaxed;
constexpr auto mo_acquire = std::memory_order_acquire;
constexpr auto mo_release = std::memory_order_release;

// Every schedule within 2 preemptions, with every reads-from choice.
racelab::Options exhaustive() {
  racelab::Options o;
  o.strategy = racelab::Strategy::dfs;
  o.preemption_bound = 2;
  o.iterations = 100000;
  o.memory_model = racelab::MemoryModel::rc11;
  return o;
}

// T2 writes `data` and publishes it with a release store of 2; T0 stores 1
// relaxed. T1, once it sees T2 done (a relaxed flag: no synchronization),
// reads `data` if it read x == 1: T0's relaxed store, which carries nothing
// of T2's, so the read races with T2's write. TSan judging by the real
// location would see T2's release (TSan keeps a release clock across a later
// relaxed store, and a stale read of 1 sits below 2) and miss the race.
void read_through_a_relaxed_store() {
  int data = 0;
  racelab::atomic<int> x{0, "x"};
  racelab::atomic<bool> done{false, "done"};
  racelab::thread t0([&] { x.store(1, mo_relaxed); });
  racelab::thread t1([&] {
    if (done.load(mo_relaxed) && x.load(mo_acquire) == 1) {
      const int seen = data;
      racelab::check(seen == 0 || seen == 1, "data is 0 or 1");
    }
  });
  racelab::thread t2([&] {
    data = 1;
    x.store(2, mo_release);
    done.store(true, mo_relaxed);
  });
  t0.join();
  t1.join();
  t2.join();
}

// Two release stores, each publishing its own plain datum; the reader reads
// the datum of the store it read. Correct C++, also when the load reads the
// older store: the acquire takes that store's clock, and no report may come.
void read_the_datum_of_the_store_read() {
  int d1 = 0, d2 = 0;
  racelab::atomic<int> x{0, "x"};
  racelab::thread t0([&] {
    d1 = 1;
    x.store(1, mo_release);
  });
  racelab::thread t2([&] {
    d2 = 2;
    x.store(2, mo_release);
  });
  racelab::thread t1([&] {
    const int v = x.load(mo_acquire);
    if (v == 1) racelab::check(d1 == 1, "the datum published with 1");
    if (v == 2) racelab::check(d2 == 2, "the datum published with 2");
  });
  t0.join();
  t2.join();
  t1.join();
}

// A release sequence read stale: T0's release store of 1, then T2's relaxed
// fetch_add (2) passes T0's publication on; T1 reading either value sees
// T0's datum, never T2's.
void release_sequence() {
  int d0 = 0;
  racelab::atomic<int> x{0, "x"};
  racelab::thread t0([&] {
    d0 = 1;
    x.store(1, mo_release);
  });
  racelab::thread t2([&] {
    if (x.load(mo_relaxed) == 1) x.fetch_add(1, mo_relaxed);
  });
  racelab::thread t1([&] {
    if (x.load(mo_acquire) >= 1) racelab::check(d0 == 1, "T0's datum");
  });
  t0.join();
  t2.join();
  t1.join();
}

TEST(MemoryModelTsanReports, AReadOfARelaxedStoreDoesNotSynchronize) {
  if (!racelab::detail::tsan::enabled) GTEST_SKIP() << "needs the tsan build";
  const racelab::Result r = racelab::explore(exhaustive(), read_through_a_relaxed_store);
  ASSERT_EQ(r.failure, racelab::Failure::data_race) << r.message;
  EXPECT_NE(r.schedule.find(";memory_model=rc11"), std::string::npos) << r.schedule;
}

TEST(MemoryModelTsanReports, TheRaceReplaysAndTheProcessStaysUsable) {
  if (!racelab::detail::tsan::enabled) GTEST_SKIP() << "needs the tsan build";
  const racelab::Result found = racelab::explore(exhaustive(), read_through_a_relaxed_store);
  ASSERT_EQ(found.failure, racelab::Failure::data_race) << found.message;
  const racelab::Result again = racelab::replay(found.schedule, read_through_a_relaxed_store);
  EXPECT_EQ(again.failure, racelab::Failure::data_race) << again.message;
  const racelab::Result clean = racelab::explore(exhaustive(), read_the_datum_of_the_store_read);
  EXPECT_FALSE(clean.failed()) << clean.message;
  EXPECT_TRUE(clean.exhausted);
}

TEST(MemoryModelTsan, AStaleReadOfAReleaseStoreSynchronizesWithThatStore) {
  const racelab::Result r = racelab::explore(exhaustive(), read_the_datum_of_the_store_read);
  EXPECT_FALSE(r.failed()) << r.message;
  EXPECT_TRUE(r.exhausted);
}

TEST(MemoryModelTsan, AReleaseSequenceReadStaleStillPublishes) {
  const racelab::Result r = racelab::explore(exhaustive(), release_sequence);
  EXPECT_FALSE(r.failed()) << r.message;
  EXPECT_TRUE(r.exhausted);
}

}  // namespace
