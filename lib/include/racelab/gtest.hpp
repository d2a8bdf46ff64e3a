// <racelab/gtest.hpp>: GoogleTest assertions over an exploration's Result.
//
//   EXPECT_EXPLORED_CLEAN(result);                       // no schedule failed
//   EXPECT_EXPLORE_FAILS(result, racelab::Failure::check);  // the bug is found
//   (and ASSERT_ forms)
//
// On failure they print the failure kind, the message, the swimlane trace
// and the one command that replays exactly that schedule of this test:
//   RACELAB_REPLAY='v1:0*3,1,2' ./my_test --gtest_filter=Suite.Name
// Header-only; include it in test files that already use GoogleTest.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "racelab/harness.hpp"

namespace racelab::testing {

// The command that reruns the current test with `schedule` replayed.
inline std::string replay_command(const std::string& schedule) {
  std::string program = "<test program>";
  std::ifstream cmdline("/proc/self/cmdline", std::ios::binary);
  std::getline(cmdline, program, '\0');
  std::string filter;
  if (const auto* info = ::testing::UnitTest::GetInstance()->current_test_info()) {
    filter = std::string(" --gtest_filter=") + info->test_suite_name() + "." + info->name();
  }
  return "RACELAB_REPLAY='" + schedule + "' " + program + filter;
}

inline std::string describe(const Result& r) {
  std::string out = "failure: " + std::string(to_string(r.failure)) + " after " +
                    std::to_string(r.iterations) + " schedule(s)\n" + r.message + "\n\n" + r.trace;
  if (r.schedule.rfind("v1:", 0) == 0)
    out += "\nreplay this test: " + replay_command(r.schedule) + "\n";
  return out;
}

inline ::testing::AssertionResult explored_clean(const char* expr, const Result& r) {
  if (!r.failed()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << expr << " failed a schedule:\n" << describe(r);
}

inline ::testing::AssertionResult explore_fails(const char* expr, const char* kind_expr,
                                                const Result& r, Failure kind) {
  if (r.failure == kind) return ::testing::AssertionSuccess();
  auto out = ::testing::AssertionFailure();
  out << expr << " was expected to fail with " << kind_expr << " (" << to_string(kind) << ")";
  if (!r.failed()) {
    return out << " but passed all " << r.iterations << " schedule(s)"
               << (r.exhausted ? " (the whole space)" : "");
  }
  return out << " but:\n" << describe(r);
}

// The running test's "Suite.Name", for counting explore() calls per test.
inline const char* current_test_name() {
  static thread_local std::string name;
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  if (info == nullptr) return nullptr;
  name = std::string(info->test_suite_name()) + "." + info->name();
  return name.c_str();
}

inline const bool test_name_installed = (detail::current_test_name = &current_test_name, true);

// Sharded test runs (Bazel, a CI matrix) set GTEST_TOTAL_SHARDS and
// GTEST_SHARD_INDEX, and GoogleTest runs a share of the tests in each shard.
// With RACELAB_SHARDING=explorations, racelab takes them over instead: they
// become RACELAB_TOTAL_SHARDS and RACELAB_SHARD_INDEX before GoogleTest
// reads them (at static initialization), so every shard runs every test and
// each explore() runs its share of the schedules. GTEST_SHARD_STATUS_FILE is
// touched, as GoogleTest would, to tell the runner sharding is understood.
// Returns whether it took them over. Any other RACELAB_SHARDING value
// but "tests" (GoogleTest's own way, the default) is an error.
inline bool claim_test_shards() {
  const char* mode = std::getenv("RACELAB_SHARDING");
  if (mode == nullptr || *mode == '\0' || std::string(mode) == "tests") return false;
  if (std::string(mode) != "explorations") {
    std::fprintf(stderr, "racelab: RACELAB_SHARDING=\"%s\" is not one of tests, explorations\n",
                 mode);
    std::exit(2);
  }
  const char* total = std::getenv("GTEST_TOTAL_SHARDS");
  const char* index = std::getenv("GTEST_SHARD_INDEX");
  if (total == nullptr || index == nullptr) return false;
  ::setenv("RACELAB_TOTAL_SHARDS", total, 1);
  ::setenv("RACELAB_SHARD_INDEX", index, 1);
  ::unsetenv("GTEST_TOTAL_SHARDS");
  ::unsetenv("GTEST_SHARD_INDEX");
  if (const char* status = std::getenv("GTEST_SHARD_STATUS_FILE")) std::ofstream{status};
  return true;
}

inline const bool test_shards_claimed = claim_test_shards();

}  // namespace racelab::testing

#define EXPECT_EXPLORED_CLEAN(result) \
  EXPECT_PRED_FORMAT1(::racelab::testing::explored_clean, result)
#define ASSERT_EXPLORED_CLEAN(result) \
  ASSERT_PRED_FORMAT1(::racelab::testing::explored_clean, result)
#define EXPECT_EXPLORE_FAILS(result, kind) \
  EXPECT_PRED_FORMAT2(::racelab::testing::explore_fails, result, kind)
#define ASSERT_EXPLORE_FAILS(result, kind) \
  ASSERT_PRED_FORMAT2(::racelab::testing::explore_fails, result, kind)
