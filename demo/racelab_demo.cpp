// `make demo`: a lost update between two threads, found by a plain stress
// loop (or not), found by racelab in a few schedules, shown as swimlanes,
// replayed exactly, and the fix proven over every schedule.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include <racelab/harness.hpp>

namespace {

using clock_type = std::chrono::steady_clock;

double ms_since(clock_type::time_point start) {
  return std::chrono::duration<double, std::milli>(clock_type::now() - start).count();
}

// The bug: read, then write back one more. Written once against racelab's
// primitives, so the same code runs as a plain program and under the harness.
void racy_increments() {
  racelab::atomic<int> counter{0, "counter"};
  auto increment = [&] { counter.store(counter.load() + 1); };
  racelab::thread a(increment), b(increment);
  a.join();
  b.join();
  racelab::check(counter.load() == 2, "counter == 2");
}

void fixed_increments() {
  racelab::atomic<int> counter{0, "counter"};
  auto increment = [&] { counter.fetch_add(1); };
  racelab::thread a(increment), b(increment);
  a.join();
  b.join();
  racelab::check(counter.load() == 2, "counter == 2");
}

}  // namespace

int main() {
  std::printf("racelab demo: two threads each run counter.store(counter.load() + 1)\n\n");

  // 1. The usual way: run it many times and hope.
  constexpr double kStressBudgetMs = 2000;
  const auto stress_start = clock_type::now();
  long runs = 0;
  bool stress_found = false;
  while (!stress_found && ms_since(stress_start) < kStressBudgetMs) {
    ++runs;
    try {
      racy_increments();
    } catch (const std::logic_error&) {
      stress_found = true;
    }
  }
  std::printf("1. plain threads, stress loop:  %s after %ld runs (%.0f ms)\n",
              stress_found ? "found" : "NOT found", runs, ms_since(stress_start));

  // 2. Controlled exploration.
  racelab::Options options;
  options.strategy = racelab::Strategy::pct;
  const auto explore_start = clock_type::now();
  const racelab::Result found = racelab::explore(options, racy_increments);
  std::printf("2. racelab, pct strategy:       %s after %d schedule(s) (%.2f ms)\n",
              found.failed() ? "found" : "NOT found", found.iterations, ms_since(explore_start));
  if (!found.failed()) return 1;

  std::printf("\n%s\n\n%s\n", found.message.c_str(), found.trace.c_str());

  // 3. Exact replay.
  const racelab::Result again = racelab::replay(found.schedule, racy_increments);
  std::printf("3. replay of %s: %s\n", found.schedule.c_str(),
              again.trace == found.trace && again.failure == found.failure
                  ? "same interleaving, same failure"
                  : "DIFFERENT");

  // 4. The fix, over every schedule.
  racelab::Options all;
  all.strategy = racelab::Strategy::dfs;
  all.iterations = 100000;
  const racelab::Result fixed = racelab::explore(all, fixed_increments);
  std::printf("4. fix (fetch_add), dfs:        %s, %d schedules, %s\n",
              fixed.failed() ? "FAILED" : "passed", fixed.iterations,
              fixed.exhausted ? "every schedule explored" : "space not exhausted");
  return fixed.failed() || !fixed.exhausted ? 1 : 0;
}
