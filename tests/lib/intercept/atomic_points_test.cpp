// std::atomic read-modify-writes as scheduling points, and fences told to
// ThreadSanitizer (lib/src/intercept/atomic_points.hpp), on programs built
// with racelab_instrument (programs/atomic_programs.cpp).
#include <gtest/gtest.h>

#include <racelab/harness.hpp>

#include "programs/atomic_programs.hpp"

namespace {

using atomic_programs::fence_placement;

void count_two_hits(bool fixed) {
  racelab::check(atomic_programs::exchange_lost_update(fixed) == 2, "no hit is lost");
}

racelab::Result explore_exchange(bool fixed) {
  racelab::Options o;
  o.strategy = racelab::Strategy::dfs;
  o.preemption_bound = 2;
  o.iterations = 5000;
  return racelab::explore(o, [fixed] { count_two_hits(fixed); });
}

racelab::Result explore_fences(fence_placement where) {
  racelab::Options o;
  o.strategy = racelab::Strategy::dfs;
  o.preemption_bound = 2;
  o.iterations = 2000;
  return racelab::explore(o, [where] {
    racelab::check(atomic_programs::read_after_fence(where) == 42, "the reader read 42");
  });
}

#if RACELAB_TEST_RMW_POINTS
constexpr bool rmw_points = true;
#else
constexpr bool rmw_points = false;        // Clang's coverage hooks have none for RMWs
#endif

TEST(AtomicPoints, ALostUpdateThroughExchangeIsFound) {
  if (!rmw_points) GTEST_SKIP() << "read-modify-writes are no points in this build";
  const racelab::Result r = explore_exchange(false);
  ASSERT_TRUE(r.failed()) << "explored " << r.iterations << " schedules";
  EXPECT_EQ(r.failure, racelab::Failure::check) << r.message;
}

TEST(AtomicPoints, TheFetchAddTwinIsClean) {
  const racelab::Result r = explore_exchange(true);
  EXPECT_FALSE(r.failed()) << r.message;
  EXPECT_TRUE(r.exhausted);
}

TEST(AtomicPoints, TheLostUpdateReplays) {
  if (!rmw_points) GTEST_SKIP() << "read-modify-writes are no points in this build";
  const racelab::Result found = explore_exchange(false);
  ASSERT_TRUE(found.failed());
  const racelab::Result again = racelab::replay(found.schedule, [] { count_two_hits(false); });
  EXPECT_EQ(again.failure, racelab::Failure::check) << again.message;
  EXPECT_EQ(again.trace, found.trace);
}

TEST(AtomicPoints, TheProcessStaysUsableAfterAFailure) {
  if (!rmw_points) GTEST_SKIP() << "read-modify-writes are no points in this build";
  ASSERT_TRUE(explore_exchange(false).failed());
  EXPECT_FALSE(explore_exchange(true).failed());
}

// Fences publish the plain int: no data race, and the reader reads 42.
TEST(AtomicPoints, AFencePublicationIsNoDataRace) {
  const racelab::Result r = explore_fences(fence_placement::right);
  EXPECT_FALSE(r.failed()) << r.message;
}

// Misplaced fences publish nothing: under ThreadSanitizer the read races
// (these two run through sanitizers/run there, which expects the report).
TEST(AtomicPointsRacy, AReleaseFenceBeforeTheWriteIsADataRace) {
  const racelab::Result r = explore_fences(fence_placement::release_too_early);
#if RACELAB_TEST_TSAN
  EXPECT_EQ(r.failure, racelab::Failure::data_race) << r.message;
#else
  EXPECT_FALSE(r.failed()) << r.message;  // sequentially consistent: 42 is read
#endif
}

TEST(AtomicPointsRacy, AnAcquireFenceBeforeTheLoadIsADataRace) {
  const racelab::Result r = explore_fences(fence_placement::acquire_too_early);
#if RACELAB_TEST_TSAN
  EXPECT_EQ(r.failure, racelab::Failure::data_race) << r.message;
#else
  EXPECT_FALSE(r.failed()) << r.message;
#endif
}

}  // namespace
