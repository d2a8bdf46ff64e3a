// racelab::install_crash_report: what a crash inside (and outside) an
// exploration prints before the process dies of it (death tests: each runs
// in a child process, so the test binary itself stays usable).
#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>
#include <thread>

#include <racelab/harness.hpp>

namespace {

class CrashReport : public ::testing::Test {
 protected:
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
};

void crash_in_a_managed_thread() {
  racelab::install_crash_report(2, "racelab-test: END\n");
  racelab::Options o;
  o.strategy = racelab::Strategy::dfs;
  o.iterations = 1;
  racelab::explore(o, [] {
    // std::abort rather than a null store: UndefinedBehaviorSanitizer would
    // stop an asan build at the store before any signal.
    racelab::thread t([] { std::abort(); });
    t.join();
  });
}

void boom() {
  throw std::runtime_error("boom");
}
// Calls `f` where no exception may leave: one that does calls std::terminate.
void call_noexcept(void (*f)()) noexcept {
  f();
}

TEST_F(CrashReport, AnAbortNamesTheSignalTheThreadTheLineAndTheSchedule) {
  EXPECT_DEATH(crash_in_a_managed_thread(),
               "The program crashed: Aborted in T1.*"
               "at crash_report_test.cpp:[0-9]+.*"
               "the schedule so far:.*spawn T1.*"
               "replay: RACELAB_REPLAY=.*"
               "racelab-test: END");
}

TEST_F(CrashReport, AJoinableStdThreadDestroyedSaysWhyTerminateWasCalled) {
  EXPECT_DEATH(
      {
        racelab::install_crash_report(2);
        std::thread t([] {});
        // t is destroyed while joinable: std::terminate.
      },
      "std::terminate was called \\(a std::thread destroyed or assigned to while still joinable");
}

TEST_F(CrashReport, AnExceptionEscapingNoexceptNamesItsTypeAndMessage) {
  EXPECT_DEATH(
      {
        racelab::install_crash_report(2);
        call_noexcept(boom);
      },
      "an exception escaped, std::runtime_error \\(\"boom\"\\)");
}

}  // namespace
