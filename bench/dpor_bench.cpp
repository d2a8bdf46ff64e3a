// What partial-order reduction buys on the catalog's fixes.
//
// For every fixed variant (its proof workload and memory model), the
// schedules and wall time to exhaust it with:
//  - dpor: every behaviour, no bound (stopped at 100,000);
//  - dpor within 2 preemptions (bounded partial-order reduction), stopped
//    at 100,000;
//  - dfs within 2 preemptions (the bounded proof), stopped at 100,000;
//  - dfs without a bound, stopped at 20,000 schedules;
//  - dpor again on the fiber backend (Backend::fibers): the same schedules,
//    less time (not for variants written with std types, which run on OS
//    threads only).
// Unbounded searches of a variant that says why dpor cannot exhaust it stop
// at 1,000 schedules (exhausted = 0): their schedules grow long.
// Counters: schedules, exhausted (1/0). One benchmark per variant and
// strategy, named catalog/<specimen>/<variant>/<strategy>.
#include <benchmark/benchmark.h>

#include <string>

#include <racelab/harness.hpp>
#include <racelab/specimen.hpp>

namespace {

constexpr int kBoundedCap = 100'000;  // within 2 preemptions (5 philosophers: not enough for dfs)
constexpr int kUnboundedCap = 20'000;
constexpr int kUnexhaustibleCap = 1'000;  // a variant that says why dpor cannot exhaust it

struct setup {
  const char* name;
  racelab::Strategy strategy;
  int bound;
  racelab::Backend backend = racelab::Backend::threads;
};

constexpr setup kSetups[] = {
    {"dpor", racelab::Strategy::dpor, -1},
    {"dpor_bound_2", racelab::Strategy::dpor, 2},
    {"dfs_bound_2", racelab::Strategy::dfs, 2},
    {"dfs_unbounded", racelab::Strategy::dfs, -1},
    {"dpor_fibers", racelab::Strategy::dpor, -1, racelab::Backend::fibers}};

void exhaust(benchmark::State& state, const racelab::specimen* s, const racelab::variant* v,
             setup how) {
  racelab::Options o;
  o.strategy = how.strategy;
  o.preemption_bound = how.bound;
  o.memory_model = v->memory_model;
  o.backend = how.backend;
  o.iterations = kBoundedCap;
  if (how.bound < 0 && !v->bounded_because.empty()) {
    o.iterations = kUnexhaustibleCap;
  } else if (how.bound < 0 && how.strategy == racelab::Strategy::dfs) {
    o.iterations = kUnboundedCap;
  }
  racelab::Result r;
  for (auto _ : state) {
    const racelab::workload w = s->proof_workload;
    r = racelab::explore(o, [&] { v->body(w); });
    if (r.failed()) state.SkipWithError(r.message.c_str());
  }
  state.counters["schedules"] = r.iterations;
  state.counters["exhausted"] = r.exhausted ? 1 : 0;
}

[[maybe_unused]] const bool registered = [] {
  for (const racelab::specimen& s : racelab::catalog()) {
    for (const racelab::variant& v : s.variants) {
      if (v.racy) continue;
      for (const setup& how : kSetups) {
        if (v.std_types && how.backend == racelab::Backend::fibers) continue;
        const std::string name = "catalog/" + s.name + "/" + v.name + "/" + how.name;
        benchmark::RegisterBenchmark(name.c_str(), exhaust, &s, &v, how)
            ->Iterations(1)
            ->UseRealTime()
            ->Unit(benchmark::kMillisecond);
      }
    }
  }
  return true;
}();

}  // namespace

BENCHMARK_MAIN();
