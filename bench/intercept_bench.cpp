// racelab::intercept: what an intercepted call costs outside explorations
// (against the real function, called directly), and how the std-only lost
// update (2 std::threads x 3 increments of a plain int, memory-access
// points on: Clang builds) explores beside the same test written with
// racelab's primitives: schedules per second and schedules to find it.
#include <dlfcn.h>
#include <pthread.h>

#include <cstdint>

#include <benchmark/benchmark.h>

#include <racelab/harness.hpp>

int std_lost_update();  // intercept_lost_update.cpp

namespace {

using lock_fn = int (*)(pthread_mutex_t*);

// The real pthread_mutex_lock/unlock (libc's, or ThreadSanitizer's).
lock_fn real(const char* interceptor, const char* name) {
  if (void* f = dlsym(RTLD_DEFAULT, interceptor)) return reinterpret_cast<lock_fn>(f);
  return reinterpret_cast<lock_fn>(dlsym(RTLD_NEXT, name));
}

void mutex_uncontended_real(benchmark::State& state) {
  static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
  const lock_fn lock = real("__interceptor_pthread_mutex_lock", "pthread_mutex_lock");
  const lock_fn unlock = real("__interceptor_pthread_mutex_unlock", "pthread_mutex_unlock");
  for (auto _ : state) {
    lock(&m);
    unlock(&m);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(mutex_uncontended_real);

void mutex_uncontended_intercepted(benchmark::State& state) {
  static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
  for (auto _ : state) {
    pthread_mutex_lock(&m);
    pthread_mutex_unlock(&m);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(mutex_uncontended_intercepted);

void report(benchmark::State& state, std::int64_t schedules, std::int64_t found,
            std::int64_t runs) {
  state.counters["schedules/s"] =
      benchmark::Counter(static_cast<double>(schedules), benchmark::Counter::kIsRate);
  state.counters["schedules_to_find"] =
      runs > 0 ? static_cast<double>(found) / static_cast<double>(runs) : 0.0;
}

racelab::Options pct(std::uint64_t seed) {
  racelab::Options o;
  o.strategy = racelab::Strategy::pct;
  o.iterations = 1000;
  o.seed = seed;
  return o;
}

// Until the lost update shows, from successive seeds.
void lost_update_std_intercepted(benchmark::State& state) {
  std::uint64_t seed = 0;
  std::int64_t schedules = 0, found = 0, runs = 0;
  for (auto _ : state) {
    const auto r = racelab::explore(
        pct(++seed), [] { racelab::check(std_lost_update() == 6, "no increment lost"); });
    schedules += r.iterations;
    if (r.failed()) {
      found += r.iterations;
      ++runs;
    }
  }
  report(state, schedules, found, runs);
}
BENCHMARK(lost_update_std_intercepted)->UseRealTime()->Unit(benchmark::kMillisecond);

void lost_update_racelab_primitives(benchmark::State& state) {
  std::uint64_t seed = 0;
  std::int64_t schedules = 0, found = 0, runs = 0;
  for (auto _ : state) {
    const auto r = racelab::explore(pct(++seed), [] {
      racelab::atomic<int> counter{0};
      auto add = [&] {
        for (int i = 0; i < 3; ++i)
          counter.store(counter.load() + 1);
      };
      racelab::thread a(add), b(add);
      a.join();
      b.join();
      racelab::check(counter.load() == 6, "no increment lost");
    });
    schedules += r.iterations;
    if (r.failed()) {
      found += r.iterations;
      ++runs;
    }
  }
  report(state, schedules, found, runs);
}
BENCHMARK(lost_update_racelab_primitives)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
