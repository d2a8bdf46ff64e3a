// racelab::gtest_main: an existing GoogleTest binary, each test explored.
//
//   target_link_libraries(my_tests PRIVATE racelab::gtest_main)  # instead of GTest::gtest_main
//   ./my_tests --racelab_iterations=1000      (or RACELAB_ITERATIONS=1000)
//
// Without the flag the binary runs as with GTest::gtest_main. With it, each
// selected test's body runs under explore() (strategy, seed and bounds from
// RACELAB_STRATEGY, RACELAB_SEED, ...; pct by default) with the threads and
// synchronization of unmodified code managed through racelab::intercept:
//  - a test that starts no thread runs once (explore() stops after a
//    schedule in which only the body ran and nothing was chosen);
//  - a test that calls explore() itself (a racelab-aware test) runs as it is;
//  - GoogleTest's own failed assertions in any managed thread fail the
//    schedule (the thread goes on, as GoogleTest lets it);
//  - a failing schedule fails that test, in the final run GoogleTest
//    reports, with racelab's message, swimlanes and the command that
//    replays it: RACELAB_REPLAY='…' ./my_tests --racelab_iterations=1
//    --gtest_filter=Suite.Name (only that test's exploration replays it).
// The explorations run RUN_ALL_TESTS() for one test at a time with
// GoogleTest's printer removed; the final run prints as usual.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "racelab/harness.hpp"

namespace {

// GoogleTest failures inside a managed thread fail the schedule.
class schedule_failures final : public testing::EmptyTestEventListener {
  std::set<std::string> files_;

 public:
  void OnTestPartResult(const testing::TestPartResult& r) override {
    if (!r.failed() || !racelab::detail::controlled()) return;
    racelab::source_location at;
    // Traces outlive the TestPartResult: keep the file name.
    at.file = files_.insert(r.file_name() != nullptr ? r.file_name() : "").first->c_str();
    at.line = r.line_number() > 0 ? r.line_number() : 0;
    racelab::detail::assertion_failed(r.summary(), at);
  }
};

// In the final run: a test whose exploration failed fails with its story.
class explored_failures final : public testing::EmptyTestEventListener {
 public:
  explicit explored_failures(std::map<std::string, std::string> stories)
      : stories_(std::move(stories)) {}
  void OnTestStart(const testing::TestInfo& info) override {
    const auto it = stories_.find(std::string(info.test_suite_name()) + "." + info.name());
    if (it != stories_.end()) ADD_FAILURE() << it->second;
  }

 private:
  std::map<std::string, std::string> stories_;
};

// Removes --racelab_iterations=N from argv; returns N (0: not given).
int take_iterations(int& argc, char** argv) {
  int iterations = 0;
  if (const char* env = std::getenv("RACELAB_ITERATIONS"); env != nullptr && *env != '\0')
    iterations = std::atoi(env);
  int out = 1;
  for (int i = 1; i < argc; ++i) {
    constexpr const char* flag = "--racelab_iterations=";
    if (std::strncmp(argv[i], flag, std::strlen(flag)) == 0) {
      iterations = std::atoi(argv[i] + std::strlen(flag));
      continue;
    }
    argv[out++] = argv[i];
  }
  argc = out;
  return iterations;
}

std::string program_name() {
  std::string name = "<test program>";
  if (FILE* f = std::fopen("/proc/self/cmdline", "rb")) {
    char buffer[4096] = {};
    const std::size_t n = std::fread(buffer, 1, sizeof buffer - 1, f);
    std::fclose(f);
    if (n > 0) name = buffer;
  }
  return name;
}

std::string g_exploring;  // the test being explored: explore() calls count per test
const char* exploring_name() {
  return g_exploring.c_str();
}

}  // namespace

int main(int argc, char** argv) {
  const int iterations = take_iterations(argc, argv);
  testing::InitGoogleTest(&argc, argv);
  if (iterations <= 0) return RUN_ALL_TESTS();

  testing::UnitTest& unit = *testing::UnitTest::GetInstance();
  testing::TestEventListeners& listeners = unit.listeners();
  listeners.Append(new schedule_failures);
  testing::TestEventListener* printer = listeners.Release(listeners.default_result_printer());

  // The tests the filter selects: a listing run marks them (should_run),
  // running nothing.
  GTEST_FLAG_SET(list_tests, true);
  testing::internal::CaptureStdout();
  if (RUN_ALL_TESTS() != 0) {
    // a listing does not fail
  }
  (void)testing::internal::GetCapturedStdout();
  GTEST_FLAG_SET(list_tests, false);
  std::vector<std::string> selected;
  for (int s = 0; s < unit.total_test_suite_count(); ++s) {
    const testing::TestSuite& suite = *unit.GetTestSuite(s);
    for (int t = 0; t < suite.total_test_count(); ++t) {
      const testing::TestInfo& info = *suite.GetTestInfo(t);
      if (info.should_run()) selected.push_back(std::string(suite.name()) + "." + info.name());
    }
  }

  const std::string filter = GTEST_FLAG_GET(filter);
  const std::string program = program_name();
  std::map<std::string, std::string> stories;
  for (const std::string& name : selected) {
    GTEST_FLAG_SET(filter, name);
    g_exploring = name;
    racelab::detail::current_test_name = &exploring_name;
    const int nested_before = racelab::detail::nested_explorations();
    racelab::Options o = racelab::options_from_environment();
    o.iterations = iterations;
    const racelab::Result r = racelab::explore(o, [] {
      if (RUN_ALL_TESTS() != 0) {
        // failures reach the schedule through schedule_failures
      }
    });
    if (racelab::detail::nested_explorations() != nested_before) {
      std::printf("[ racelab  ] %s: explores by itself, runs as it is\n", name.c_str());
      continue;
    }
    const bool ran_once = r.exhausted && r.iterations == 1 && !r.failed() &&
                          r.trace.find("spawn") == std::string::npos;
    std::printf("[ racelab  ] %s: %d schedule(s), %s\n", name.c_str(), r.iterations,
                r.failed() ? std::string(racelab::to_string(r.failure)).c_str()
                : ran_once ? "no threads: ran once"
                           : "clean");
    if (r.failed()) {
      stories[name] = "racelab: " + std::string(racelab::to_string(r.failure)) + " after " +
                      std::to_string(r.iterations) + " schedule(s)\n" + r.message + "\n\n" +
                      r.trace + "\nreplay this test: RACELAB_REPLAY='" + r.schedule + "' " +
                      program + " --racelab_iterations=1 --gtest_filter=" + name + "\n";
    }
  }
  racelab::detail::current_test_name = nullptr;
  GTEST_FLAG_SET(filter, filter);
  listeners.Append(printer);
  listeners.Append(new explored_failures(std::move(stories)));
  return RUN_ALL_TESTS();
}
