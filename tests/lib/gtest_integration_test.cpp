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
