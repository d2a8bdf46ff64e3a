// How fast the harness explores, and how much sooner it finds a lost update
// than a plain stress loop.
#include <atomic>
#include <chrono>
#include <thread>

#include <benchmark/benchmark.h>

#include <racelab/harness.hpp>

namespace {

// Schedules per second: `threads` threads doing `ops` fetch_adds, pct, on
// the OS-thread backend (third argument 0) or on fibers (1), in explorations
// of `schedules` schedules each: 1,000, as a test explores, so each
// exploration's start and end count (on fibers, the caller's wake-up at the
// end is a tenth of it on this VM), or 100,000, what a schedule alone costs.
void schedules_per_second(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  const int ops = static_cast<int>(state.range(1));
  racelab::Options o;
  o.strategy = racelab::Strategy::pct;
  o.iterations = static_cast<int>(state.range(3));
  o.backend = state.range(2) == 0 ? racelab::Backend::threads : racelab::Backend::fibers;
  std::int64_t schedules = 0;
  for (auto _ : state) {
    const auto r = racelab::explore(o, [&] {
      racelab::atomic<int> x{0};
      std::vector<racelab::thread> workers;
      for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
          for (int i = 0; i < ops; ++i)
            x.fetch_add(1);
        });
      }
      for (auto& w : workers)
        w.join();
    });
    schedules += r.iterations;
  }
  state.counters["schedules/s"] =
      benchmark::Counter(static_cast<double>(schedules), benchmark::Counter::kIsRate);
}
BENCHMARK(schedules_per_second)
    ->ArgNames({"threads", "ops", "fibers", "schedules"})
    ->Args({2, 3, 0, 1000})
    ->Args({2, 3, 1, 1000})
    ->Args({2, 3, 1, 100000})
    ->Args({4, 10, 0, 1000})
    ->Args({4, 10, 1, 1000})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// What starting an exploration costs: one schedule of a body that starts
// one thread, on OS threads (0) or on fibers (1: the exploration's carrier
// thread is an idle one kept from an earlier exploration, fiber_carrier.hpp).
void exploration_start(benchmark::State& state) {
  racelab::Options o;
  o.strategy = racelab::Strategy::pct;
  o.iterations = 1;
  o.backend = state.range(0) == 0 ? racelab::Backend::threads : racelab::Backend::fibers;
  for (auto _ : state) {
    const auto r = racelab::explore(o, [] {
      racelab::thread t([] {});
      t.join();
    });
    benchmark::DoNotOptimize(r.iterations);
  }
}
BENCHMARK(exploration_start)
    ->ArgNames({"fibers"})
    ->Arg(0)
    ->Arg(1)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

// The harness: schedules until the 2-thread, 1-increment lost update shows.
void lost_update_racelab(benchmark::State& state) {
  std::uint64_t seed = 0;
  std::int64_t schedules = 0, runs = 0;
  for (auto _ : state) {
    racelab::Options o;
    o.strategy = racelab::Strategy::pct;
    o.seed = seed++;
    const auto r = racelab::explore(o, [] {
      racelab::atomic<int> x{0};
      auto increment = [&] { x.store(x.load() + 1); };
      racelab::thread a(increment), b(increment);
      a.join();
      b.join();
      racelab::check(x.load() == 2, "lost update");
    });
    if (!r.failed()) state.SkipWithError("not found");
    schedules += r.iterations;
    ++runs;
  }
  state.counters["schedules_to_find"] = static_cast<double>(schedules) / static_cast<double>(runs);
}
BENCHMARK(lost_update_racelab)->UseRealTime()->Unit(benchmark::kMicrosecond);

// A plain stress loop over the same workload with std::thread: runs until
// one run loses the update (at most kMaxRuns).
void lost_update_stress(benchmark::State& state) {
  constexpr std::int64_t kMaxRuns = 2'000'000;
  std::int64_t total = 0, found = 0;
  for (auto _ : state) {
    for (std::int64_t run = 1; run <= kMaxRuns; ++run) {
      std::atomic<int> x{0};
      auto increment = [&] {
        x.store(x.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
      };
      std::thread a(increment), b(increment);
      a.join();
      b.join();
      if (x.load() != 2) {
        total += run;
        ++found;
        break;
      }
    }
  }
  state.counters["runs_to_find"] =
      found ? static_cast<double>(total) / static_cast<double>(found) : 0;
}
BENCHMARK(lost_update_stress)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
