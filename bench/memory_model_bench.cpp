// What the C++ memory model costs (Options::memory_model = rc11).
//
// schedules_per_second_model: 2 threads x 3 seq_cst fetch_adds, pct, with
// the model off (0) and on (1): the model must not slow down programs whose
// atomics are all seq_cst by more than 1.5x.
//
// litmus_exhaustion: the schedules (and time) dfs needs to exhaust a litmus
// test with every reads-from and modification-order choice: store buffering
// and message passing with relaxed orders (the most choices), and IRIW with
// release/acquire within 3 preemptions; store buffering and message passing
// again with dpor (every behaviour, every reads-from choice).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include <racelab/harness.hpp>

namespace {

constexpr auto relaxed = std::memory_order_relaxed;
constexpr auto acquire = std::memory_order_acquire;
constexpr auto release = std::memory_order_release;

void schedules_per_second_model(benchmark::State& state) {
  racelab::Options o;
  o.strategy = racelab::Strategy::pct;
  o.iterations = 200;
  o.memory_model = state.range(0) != 0 ? racelab::MemoryModel::rc11
                                       : racelab::MemoryModel::sequentially_consistent;
  std::int64_t schedules = 0;
  for (auto _ : state) {
    const auto r = racelab::explore(o, [] {
      racelab::atomic<int> x{0};
      auto add = [&] {
        for (int i = 0; i < 3; ++i)
          x.fetch_add(1);
      };
      racelab::thread a(add), b(add);
      a.join();
      b.join();
    });
    schedules += r.iterations;
  }
  state.counters["schedules/s"] =
      benchmark::Counter(static_cast<double>(schedules), benchmark::Counter::kIsRate);
}
BENCHMARK(schedules_per_second_model)->Arg(0)->Arg(1)->UseRealTime()->Unit(benchmark::kMillisecond);

void store_buffering() {
  racelab::atomic<int> x{0, "x"}, y{0, "y"};
  racelab::thread t([&] {
    y.store(1, relaxed);
    (void)x.load(relaxed);
  });
  x.store(1, relaxed);
  (void)y.load(relaxed);
  t.join();
}

void message_passing() {
  racelab::atomic<int> data{0, "data"}, flag{0, "flag"};
  racelab::thread t([&] {
    data.store(1, relaxed);
    flag.store(1, relaxed);
  });
  if (flag.load(relaxed) == 1) (void)data.load(relaxed);
  t.join();
}

// The main thread is the first writer, as in tests/lib/memory_model_test.cpp.
void iriw() {
  racelab::atomic<int> x{0, "x"}, y{0, "y"};
  racelab::thread b([&] { y.store(1, release); });
  racelab::thread c([&] {
    (void)x.load(acquire);
    (void)y.load(acquire);
  });
  racelab::thread d([&] {
    (void)y.load(acquire);
    (void)x.load(acquire);
  });
  x.store(1, release);
  b.join();
  c.join();
  d.join();
}

void litmus_exhaustion(benchmark::State& state) {
  struct litmus {
    const char* name;
    void (*body)();
    int bound;
    racelab::Strategy strategy;
  };
  static const litmus tests[] = {
      {"store buffering, relaxed", store_buffering, -1, racelab::Strategy::dfs},
      {"message passing, relaxed", message_passing, -1, racelab::Strategy::dfs},
      {"IRIW, release/acquire, 3 preemptions", iriw, 3, racelab::Strategy::dfs},
      {"store buffering, relaxed, dpor", store_buffering, -1, racelab::Strategy::dpor},
      {"message passing, relaxed, dpor", message_passing, -1, racelab::Strategy::dpor}};
  const litmus& l = tests[state.range(0)];
  state.SetLabel(l.name);
  racelab::Options o;
  o.strategy = l.strategy;
  o.preemption_bound = l.bound;
  o.iterations = 1'000'000;
  o.memory_model = racelab::MemoryModel::rc11;
  int schedules = 0;
  for (auto _ : state) {
    const auto r = racelab::explore(o, l.body);
    if (!r.exhausted) state.SkipWithError("not exhausted");
    schedules = r.iterations;
  }
  state.counters["schedules"] = schedules;
}
BENCHMARK(litmus_exhaustion)->DenseRange(0, 4)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
