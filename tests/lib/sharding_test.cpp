// Sharding (explore.cpp, strategy.hpp): four shards of one exploration, run
// as four processes through GoogleTest's sharding variables taken over by
// racelab (RACELAB_SHARDING=explorations, <racelab/gtest.hpp>), run together
// exactly the schedules the unsharded exploration runs, each counted once;
// a shard's failure replays unsharded; and bad shard settings are clear
// errors.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <racelab/gtest.hpp>
#include <racelab/harness.hpp>

#include "scheduler.hpp"

extern char** environ;

namespace {

using racelab::Strategy;

constexpr int kShards = 4;

std::vector<std::string>* g_seen = nullptr;
void collect(const std::string& schedule) {
  g_seen->push_back(schedule);
}

// Three threads, a mutex and an atomic: a few hundred schedules within two
// preemptions, all clean.
void program() {
  racelab::mutex m{"m"};
  racelab::atomic<int> x{0, "x"};
  int guarded = 0;
  std::vector<racelab::thread> workers;
  for (int t = 0; t < 3; ++t) {
    workers.emplace_back([&] {
      x.fetch_add(1);
      std::lock_guard<racelab::mutex> g(m);
      ++guarded;
    });
  }
  for (auto& w : workers)
    w.join();
  racelab::check(x.load() == 3 && guarded == 3, "every increment counted");
}

// The same with a lost update: two threads load, then store, the atomic.
void racy_program() {
  racelab::atomic<int> x{0, "x"};
  racelab::thread a([&] { x.store(x.load() + 1); });
  racelab::thread b([&] { x.store(x.load() + 1); });
  a.join();
  b.join();
  racelab::check(x.load() == 2, "x == 2 after two increments");
}

racelab::Options options_for(const std::string& strategy) {
  racelab::Options o;
  o.iterations = 200;
  o.seed = 11;
  if (strategy == "dfs") {
    o.strategy = Strategy::dfs;
    o.preemption_bound = 2;
    o.iterations = 100000;
  } else if (strategy == "dpor" || strategy == "dpor_bound_1") {
    o.strategy = Strategy::dpor;
    o.preemption_bound = strategy == "dpor" ? -1 : 1;
    o.iterations = 100000;
  } else {
    o.strategy = strategy == "random" ? Strategy::random : Strategy::pct;
  }
  return o;
}

bool systematic(const std::string& strategy) {
  return strategy == "dfs" || strategy == "dpor" || strategy == "dpor_bound_1";
}

// The schedules an exploration counts as its own, sorted; `status`:
// "clean" (exhausted, for dfs and dpor) or the failure.
std::vector<std::string> counted_schedules(const std::string& strategy, bool racy,
                                           std::string* status) {
  std::vector<std::string> seen;
  g_seen = &seen;
  racelab::detail::schedule_observer = &collect;
  const auto r = racelab::explore(options_for(strategy), racy ? racy_program : program);
  racelab::detail::schedule_observer = nullptr;
  *status = r.failed()                             ? std::string(racelab::to_string(r.failure))
            : !systematic(strategy) || r.exhausted ? "clean"
                                                   : "not exhausted";
  std::sort(seen.begin(), seen.end());
  return seen;
}

// A shard, in a process of its own (run by the tests below): writes the
// schedules it counted, then its status.
TEST(DISABLED_ShardChild, Explore) {
  const char* strategy = std::getenv("RACELAB_TEST_SHARD_STRATEGY");
  const char* out = std::getenv("RACELAB_TEST_SHARD_OUT");
  ASSERT_TRUE(strategy != nullptr && out != nullptr);
  std::string status;
  const auto seen = counted_schedules(strategy, std::getenv("RACELAB_TEST_SHARD_RACY"), &status);
  std::ofstream f(out);
  for (const auto& s : seen)
    f << s << '\n';
  f << status << '\n';
}

// Runs this test program's shard child as shard `index` with GoogleTest's
// variables, as a sharded CI run sets them.
pid_t start_shard(const std::string& strategy, int index, const std::string& out, bool racy) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string var = *e;
    if (var.rfind("GTEST_", 0) != 0 && var.rfind("RACELAB_", 0) != 0) env.push_back(var);
  }
  env.push_back("RACELAB_SHARDING=explorations");
  env.push_back("GTEST_TOTAL_SHARDS=" + std::to_string(kShards));
  env.push_back("GTEST_SHARD_INDEX=" + std::to_string(index));
  env.push_back("RACELAB_TEST_SHARD_STRATEGY=" + strategy);
  env.push_back("RACELAB_TEST_SHARD_OUT=" + out);
  if (racy) env.push_back("RACELAB_TEST_SHARD_RACY=1");
  std::vector<std::string> args{"/proc/self/exe", "--gtest_filter=DISABLED_ShardChild.Explore",
                                "--gtest_also_run_disabled_tests"};
  std::vector<char*> argv, envp;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : env)
    envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, "/proc/self/exe", nullptr, nullptr, argv.data(), envp.data()) != 0)
    return -1;
  return pid;
}

struct shard_output {
  std::vector<std::string> schedules;
  std::string status;
};

// Runs the four shards as four processes at once and reads what each wrote.
std::vector<shard_output> run_shards(const std::string& strategy, bool racy) {
  std::vector<pid_t> pids;
  std::vector<std::string> outs;
  for (int i = 0; i < kShards; ++i) {
    outs.push_back(testing::TempDir() + "racelab_shard_" + strategy + "_" + std::to_string(i) +
                   "_" + std::to_string(::getpid()));
    pids.push_back(start_shard(strategy, i, outs.back(), racy));
    EXPECT_GT(pids.back(), 0) << "posix_spawn failed";
  }
  std::vector<shard_output> shards;
  for (int i = 0; i < kShards; ++i) {
    const auto at = static_cast<std::size_t>(i);
    int status = 0;
    if (pids[at] > 0) ::waitpid(pids[at], &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "shard " << i << " failed";
    shard_output out;
    std::ifstream in(outs[at]);
    for (std::string line; std::getline(in, line);)
      out.schedules.push_back(line);
    ::unlink(outs[at].c_str());
    if (!out.schedules.empty()) {
      out.status = out.schedules.back();
      out.schedules.pop_back();
    }
    shards.push_back(std::move(out));
  }
  return shards;
}

class Sharding : public testing::TestWithParam<std::string> {};

TEST_P(Sharding, FourShardsRunTheUnshardedSchedulesEachOnce) {
  const std::string strategy = GetParam();
  std::string status;
  const auto unsharded = counted_schedules(strategy, false, &status);
  ASSERT_EQ(status, "clean");
  ASSERT_GT(unsharded.size(), 50u);
  std::vector<std::string> together;
  int i = 0;
  for (const shard_output& shard : run_shards(strategy, false)) {
    EXPECT_EQ(shard.status, "clean") << "shard " << i;
    EXPECT_FALSE(shard.schedules.empty()) << "shard " << i << " ran none of its own";
    together.insert(together.end(), shard.schedules.begin(), shard.schedules.end());
    ++i;
  }
  std::sort(together.begin(), together.end());
  EXPECT_EQ(together, unsharded) << "the shards' schedules, together, are the unsharded ones";
}

INSTANTIATE_TEST_SUITE_P(EveryStrategy, Sharding, testing::Values("dfs", "random", "pct"));

// dpor's shards branch fully at the top decisions (dpor_strategy.cpp):
// together they cover every class the unsharded search runs, possibly
// with a few more schedules, and one of them finds the bug. Bounded too.
class ShardedDpor : public testing::TestWithParam<std::string> {};

TEST_P(ShardedDpor, TogetherCoverEveryClassAndFindTheBug) {
  const std::string strategy = GetParam();
  std::string status;
  const auto unsharded = counted_schedules(strategy, false, &status);
  ASSERT_EQ(status, "clean");
  std::size_t together = 0;
  for (const shard_output& shard : run_shards(strategy, false)) {
    EXPECT_EQ(shard.status, "clean");
    together += shard.schedules.size();
  }
  EXPECT_GE(together, unsharded.size());
  (void)counted_schedules(strategy, true, &status);
  ASSERT_EQ(status, "check") << "the unsharded search finds the lost update";
  int found = 0;
  for (const shard_output& shard : run_shards(strategy, true)) {
    EXPECT_TRUE(shard.status == "clean" || shard.status == "check") << shard.status;
    found += shard.status == "check" ? 1 : 0;
  }
  EXPECT_GE(found, 1) << "some shard finds the lost update";
}

INSTANTIATE_TEST_SUITE_P(UnboundedAndBounded, ShardedDpor, testing::Values("dpor", "dpor_bound_1"));

// A failure one shard reports replays anywhere: the schedule string is the
// picks, whatever shard ran it. The shard's process stays usable: its next
// exploration (another shard of a clean test) runs and is clean.
class ShardFailure : public testing::TestWithParam<std::string> {};

TEST_P(ShardFailure, ReplaysUnshardedAndLeavesTheProcessUsable) {
  const std::string strategy = GetParam();
  int failing = 0;
  for (int index = 0; index < kShards; ++index) {
    racelab::Options o = options_for(strategy);
    o.total_shards = kShards;
    o.shard_index = index;
    const racelab::Result r = racelab::explore(o, racy_program);
    if (!r.failed()) continue;
    ++failing;
    EXPECT_EQ(r.failure, racelab::Failure::check) << r.message;
    const racelab::Result again = racelab::replay(r.schedule, racy_program);
    EXPECT_EQ(again.failure, r.failure) << "shard " << index << ": " << again.message;
    EXPECT_EQ(again.trace, r.trace) << "shard " << index;
    const racelab::Result next = racelab::explore(o, program);
    EXPECT_FALSE(next.failed()) << next.message;
    if (systematic(strategy)) {
      EXPECT_TRUE(next.exhausted);
    }
  }
  EXPECT_GE(failing, 1) << "some shard finds the lost update";
}

INSTANTIATE_TEST_SUITE_P(EveryStrategy, ShardFailure,
                         testing::Values("dfs", "dpor", "dpor_bound_1", "random", "pct"));

TEST(ShardSettings, BadValuesAreClearErrors) {
  ::setenv("RACELAB_TOTAL_SHARDS", "4", 1);
  ::setenv("RACELAB_SHARD_INDEX", "4", 1);
  EXPECT_THROW((void)racelab::options_from_environment(), std::invalid_argument);
  ::unsetenv("RACELAB_SHARD_INDEX");
  try {
    (void)racelab::options_from_environment();
    ADD_FAILURE() << "no error for a missing RACELAB_SHARD_INDEX";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("RACELAB_SHARD_INDEX"), std::string::npos) << e.what();
  }
  ::unsetenv("RACELAB_TOTAL_SHARDS");
  racelab::Options o;
  o.total_shards = 2;
  o.shard_index = 2;
  EXPECT_THROW((void)racelab::explore(o, program), std::invalid_argument);
}

TEST(ShardSettings, GoogleTestsVariablesAreTakenOverOnlyWhenAsked) {
  const std::string status =
      testing::TempDir() + "racelab_shard_status_" + std::to_string(::getpid());
  ::setenv("GTEST_TOTAL_SHARDS", "4", 1);
  ::setenv("GTEST_SHARD_INDEX", "2", 1);
  ::setenv("GTEST_SHARD_STATUS_FILE", status.c_str(), 1);
  EXPECT_FALSE(racelab::testing::claim_test_shards()) << "not asked: GoogleTest shards tests";
  ::setenv("RACELAB_SHARDING", "explorations", 1);
  EXPECT_TRUE(racelab::testing::claim_test_shards());
  EXPECT_EQ(std::getenv("GTEST_TOTAL_SHARDS"), nullptr);
  EXPECT_EQ(std::getenv("GTEST_SHARD_INDEX"), nullptr);
  EXPECT_STREQ(std::getenv("RACELAB_TOTAL_SHARDS"), "4");
  EXPECT_STREQ(std::getenv("RACELAB_SHARD_INDEX"), "2");
  EXPECT_TRUE(std::ifstream(status).good()) << "the status file tells the runner";
  for (const char* v : {"RACELAB_SHARDING", "RACELAB_TOTAL_SHARDS", "RACELAB_SHARD_INDEX",
                        "GTEST_SHARD_STATUS_FILE"})
    ::unsetenv(v);
  ::unlink(status.c_str());
}

}  // namespace
