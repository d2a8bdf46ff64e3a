// replay(): exact reproduction, divergence, malformed schedules, RACELAB_REPLAY.
#include <cstdlib>
#include <stdexcept>

#include <gtest/gtest.h>

#include "programs.hpp"
#include "schedule_string.hpp"
#include "tsan.hpp"

namespace {

using racelab::Failure;

racelab::Result find_lost_update(racelab::Strategy s, std::uint64_t seed) {
  racelab::Options o;
  o.strategy = s;
  o.seed = seed;
  return racelab::explore(o, racelab_test::lost_update);
}

TEST(Replay, ReproducesScheduleTraceAndFailureExactly) {
  for (auto s : {racelab::Strategy::random, racelab::Strategy::pct, racelab::Strategy::dfs}) {
    const auto found = find_lost_update(s, 7);
    ASSERT_TRUE(found.failed());
    const auto again = racelab::replay(found.schedule, racelab_test::lost_update);
    EXPECT_EQ(again.failure, found.failure);
    EXPECT_EQ(again.schedule, found.schedule);
    EXPECT_EQ(again.trace, found.trace);
    EXPECT_EQ(again.iterations, 1);
  }
}

int g_fallback = 0;  // a global a pointer may point at: traces name it

// A published pointer: T1 publishes a heap object or the global, T0 reads
// it twice. Fails on purpose, to show the trace.
void publish_pointers() {
  racelab::atomic<int*> p{nullptr, "p"};
  racelab::thread t1([&] {
    p.store(new int(1));
    delete p.exchange(&g_fallback);
  });
  int* first = p.load();
  int* second = p.load();
  t1.join();
  racelab::check(first == second && first == &g_fallback, "read the global twice");
}

TEST(Replay, PointersInTracesAreNamedSoAReplayShowsTheSameText) {
  racelab::Options o;
  o.strategy = racelab::Strategy::dfs;
  const auto found = racelab::explore(o, publish_pointers);
  ASSERT_EQ(found.failure, Failure::check) << found.message;
  EXPECT_NE(found.trace.find("nullptr"), std::string::npos) << found.trace;
  EXPECT_NE(found.trace.find("ptr#1"), std::string::npos) << found.trace;
  EXPECT_NE(found.trace.find("&(anonymous namespace)::g_fallback"), std::string::npos)
      << found.trace;
  EXPECT_EQ(found.trace.find(" 0x"), std::string::npos) << found.trace;
  const auto again = racelab::replay(found.schedule, publish_pointers);
  EXPECT_EQ(again.failure, found.failure);
  EXPECT_EQ(again.trace, found.trace);
}

TEST(Replay, ACleanScheduleReplaysClean) {
  racelab::Options o;
  o.strategy = racelab::Strategy::pct;
  o.iterations = 1;
  const auto clean = racelab::explore(o, [] { racelab_test::atomic_increments(); });
  ASSERT_FALSE(clean.failed());
  const auto again = racelab::replay(clean.schedule, [] { racelab_test::atomic_increments(); });
  EXPECT_FALSE(again.failed()) << again.message;
  EXPECT_EQ(again.trace, clean.trace);
}

TEST(Replay, ADifferentProgramDivergesWithAClearMessage) {
  const auto found = find_lost_update(racelab::Strategy::pct, 0);
  ASSERT_TRUE(found.failed());
  const auto other = racelab::replay(found.schedule, [] { racelab_test::atomic_increments(3); });
  ASSERT_EQ(other.failure, Failure::misuse);
  EXPECT_NE(other.message.find("replay diverged"), std::string::npos) << other.message;
}

TEST(Replay, AScheduleLongerThanTheRunDiverges) {
  const auto r = racelab::replay("v1:0*50", [] {});
  ASSERT_EQ(r.failure, Failure::misuse);
  EXPECT_NE(r.message.find("replay diverged"), std::string::npos) << r.message;
}

// A schedule that ends before the run does: under ThreadSanitizer the
// message says that a data race's schedule runs on when TSan misses the race
// on the replay (its four accesses per 8-byte word), else it says nothing
// of TSan.
TEST(Replay, AScheduleShorterThanTheRunDivergesAndSaysWhyUnderTsan) {
  const auto r = racelab::replay("v1:0", [] { racelab_test::atomic_increments(); });
  ASSERT_EQ(r.failure, Failure::misuse);
  EXPECT_NE(r.message.find("wants to run more"), std::string::npos) << r.message;
  EXPECT_EQ(r.message.find("ThreadSanitizer missed the race") != std::string::npos,
            racelab::detail::tsan::enabled)
      << r.message;
}

TEST(Replay, MalformedSchedulesThrowInvalidArgumentSayingWhatIsWrong) {
  struct bad {
    const char* schedule;
    const char* says;
  };
  for (const bad& b :
       {bad{"", "start with \"v1:\""}, bad{"v2:0,1", "start with \"v1:\""},
        bad{"v1:0,", "expected a thread number"}, bad{"v1:0,,1", "expected a thread number"},
        bad{"v1:0*", "repeat count"}, bad{"v1:0*0", "at least 1"},
        bad{"v1:-1", "expected a thread number"}, bad{"v1:0;1", "unknown option"},
        bad{"v1:99999", "out of range"}, bad{"perturb:seed=x", "decimal seed"}}) {
    try {
      racelab::replay(b.schedule, [] {});
      ADD_FAILURE() << "no exception for \"" << b.schedule << "\"";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(b.says), std::string::npos)
          << "\"" << b.schedule << "\": " << e.what();
      EXPECT_NE(std::string(e.what()).find(b.schedule), std::string::npos) << e.what();
    }
  }
}

// Explores the lost update, always from this one call site.
racelab::Result explore_here(const racelab::Options& o) {
  return racelab::explore(o, racelab_test::lost_update);
}

TEST(Replay, EnvironmentVariableReplaysOnlyTheCallItCameFrom) {
  racelab::Options o;
  o.strategy = racelab::Strategy::random;
  o.seed = 3;
  const auto found = explore_here(o);
  ASSERT_TRUE(found.failed());
  auto parsed = racelab::detail::parse_schedule(found.schedule);
  ASSERT_NE(parsed.site.find("replay_test.cpp:"), std::string::npos) << found.schedule;
  // The next call from the same place is the one a rerun of this test would replay.
  const std::string at = parsed.site.substr(0, parsed.site.find('#'));
  const int call = std::stoi(parsed.site.substr(parsed.site.find('#') + 1));
  parsed.site = at + "#" + std::to_string(call + 1);
  ::setenv("RACELAB_REPLAY", racelab::detail::format_schedule(parsed).c_str(), 1);
  racelab::Options clean_dfs;
  clean_dfs.strategy = racelab::Strategy::dfs;
  const auto elsewhere = racelab::explore(clean_dfs, [] { racelab_test::atomic_increments(); });
  const auto r = explore_here(clean_dfs);
  ::unsetenv("RACELAB_REPLAY");
  EXPECT_FALSE(elsewhere.failed()) << "another call site explores as usual";
  EXPECT_TRUE(elsewhere.exhausted);
  EXPECT_EQ(r.iterations, 1);
  EXPECT_EQ(r.failure, found.failure);
  EXPECT_EQ(r.trace, found.trace);
}

TEST(Environment, OverridesStrategySeedAndIterations) {
  ::setenv("RACELAB_STRATEGY", "random", 1);
  ::setenv("RACELAB_SEED", "42", 1);
  ::setenv("RACELAB_ITERATIONS", "17", 1);
  const racelab::Options o = racelab::options_from_environment();
  EXPECT_EQ(o.strategy, racelab::Strategy::random);
  EXPECT_EQ(o.seed, 42u);
  EXPECT_EQ(o.iterations, 17);
  const auto r = racelab::explore(racelab::Options{}, [] { racelab_test::atomic_increments(); });
  EXPECT_EQ(r.iterations, 17);
  ::unsetenv("RACELAB_STRATEGY");
  ::unsetenv("RACELAB_SEED");
  ::unsetenv("RACELAB_ITERATIONS");
}

TEST(Environment, BadValuesThrowNamingTheVariable) {
  for (auto [name, value] :
       {std::pair{"RACELAB_STRATEGY", "fastest"}, std::pair{"RACELAB_SEED", "-3"},
        std::pair{"RACELAB_ITERATIONS", "many"}}) {
    ::setenv(name, value, 1);
    try {
      racelab::options_from_environment();
      ADD_FAILURE() << name << "=" << value << " accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
    ::unsetenv(name);
  }
}

}  // namespace
