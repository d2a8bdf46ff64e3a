// <racelab/gtest.hpp>: the assertions pass and fail as they should, and a
// failure message carries the trace and the replay command for this test.
#include <racelab/gtest.hpp>

#include <gtest/gtest-spi.h>

#include "programs.hpp"

namespace {

racelab::Result lost_update() {
  racelab::Options o;
  o.strategy = racelab::Strategy::pct;
  return racelab::explore(o, racelab_test::lost_update);
}

TEST(GtestIntegration, ExpectFailsAcceptsTheRightKind) {
  EXPECT_EXPLORE_FAILS(lost_update(), racelab::Failure::check);
}

TEST(GtestIntegration, ExpectCleanAcceptsACorrectProgram) {
  racelab::Options o;
  o.strategy = racelab::Strategy::dfs;
  EXPECT_EXPLORED_CLEAN(racelab::explore(o, [] { racelab_test::atomic_increments(); }));
}

TEST(GtestIntegration, ExpectCleanPrintsKindTraceAndReplayCommand) {
  const racelab::Result r = lost_update();
  EXPECT_NONFATAL_FAILURE(EXPECT_EXPLORED_CLEAN(r), "failure: check");
  EXPECT_NONFATAL_FAILURE(EXPECT_EXPLORED_CLEAN(r), "swimlanes");
  EXPECT_NONFATAL_FAILURE(
      EXPECT_EXPLORED_CLEAN(r),
      "--gtest_filter=GtestIntegration.ExpectCleanPrintsKindTraceAndReplayCommand");
  EXPECT_NONFATAL_FAILURE(EXPECT_EXPLORED_CLEAN(r), "RACELAB_REPLAY='" + r.schedule + "'");
}

TEST(GtestIntegration, ExpectFailsSaysWhenTheProgramPassedEverything) {
  racelab::Options o;
  o.strategy = racelab::Strategy::dfs;
  const auto r = racelab::explore(o, [] { racelab_test::atomic_increments(); });
  EXPECT_NONFATAL_FAILURE(EXPECT_EXPLORE_FAILS(r, racelab::Failure::check), "passed all");
}

}  // namespace

namespace {

// One helper, used by two tests: with <racelab/gtest.hpp> its explore() call
// is counted per test, so a rerun of either test alone (--gtest_filter)
// names it the same way and RACELAB_REPLAY finds it.
std::string site_of_shared_helper() {
  racelab::Options o;
  o.iterations = 1;
  const auto r = racelab::explore(o, [] { racelab::check(false, "fails at once"); });
  return r.schedule.substr(r.schedule.find(";at="));
}

TEST(GtestIntegration, ExploreCallsAreCountedPerTestFirst) {
  EXPECT_NE(site_of_shared_helper().find("#1"), std::string::npos);
  EXPECT_NE(site_of_shared_helper().find("#2"), std::string::npos);
}

TEST(GtestIntegration, ExploreCallsAreCountedPerTestSecond) {
  EXPECT_NE(site_of_shared_helper().find("#1"), std::string::npos);
}

}  // namespace
