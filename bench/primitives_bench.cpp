// What racelab's primitives cost outside an exploration, next to std.
// Target: an uncontended racelab::mutex lock/unlock within 1.3x of std::mutex.
#include <atomic>
#include <mutex>

#include <benchmark/benchmark.h>

#include <racelab/harness.hpp>

namespace {

template <class Mutex>
void uncontended_lock_unlock(benchmark::State& state) {
  Mutex m;
  int guarded = 0;
  for (auto _ : state) {
    m.lock();
    benchmark::DoNotOptimize(++guarded);
    m.unlock();
  }
}
BENCHMARK(uncontended_lock_unlock<std::mutex>)->Name("mutex_lock_unlock/std");
BENCHMARK(uncontended_lock_unlock<racelab::mutex>)->Name("mutex_lock_unlock/racelab");

template <class Atomic>
void fetch_add(benchmark::State& state) {
  Atomic x{0};
  for (auto _ : state)
    benchmark::DoNotOptimize(x.fetch_add(1));
}
BENCHMARK(fetch_add<std::atomic<int>>)->Name("atomic_fetch_add/std");
BENCHMARK(fetch_add<racelab::atomic<int>>)->Name("atomic_fetch_add/racelab");

template <class Atomic>
void load_store(benchmark::State& state) {
  Atomic x{0};
  benchmark::DoNotOptimize(&x);
  for (auto _ : state) {
    x.store(x.load(std::memory_order_acquire) + 1, std::memory_order_release);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(load_store<std::atomic<int>>)->Name("atomic_load_store/std");
BENCHMARK(load_store<racelab::atomic<int>>)->Name("atomic_load_store/racelab");

}  // namespace

BENCHMARK_MAIN();
