// What threads buy, with numbers: the lessons behind the executor
// specimens and exercises.
//
//  - cpu_bound/workers:N: a job of fixed CPU work, part of it serial (one
//    thread, before the workers start) and the rest split evenly among N
//    std::threads. Counters: speedup over one worker (measured in the same
//    run), amdahl = the prediction 1 / (s + (1 - s) / min(N, cores)) for the
//    serial fraction s measured with one worker, cores = the machine's.
//  - io_bound/workers:N: 16 tasks that each wait 2 ms (a simulated I/O
//    wait: a sleep) run by N workers; waiting overlaps, so the speed-up
//    follows N past the number of cores. Counter: speedup over one worker.
//  - waiting/busy|condition_variable: a thread waits 20 ms for a flag that
//    another sets; counter cpu_ms = the CPU time the waiter burned meanwhile
//    (spinning on an atomic vs blocking on a condition variable).
//
// No racelab in here: plain std threads, real time.
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include <benchmark/benchmark.h>

namespace {

using clock_type = std::chrono::steady_clock;

// `units` of CPU work that the compiler cannot drop.
void spin_work(std::int64_t units) {
  std::uint64_t x = 88172645463325252ull;
  for (std::int64_t i = 0; i < units; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
  }
  benchmark::DoNotOptimize(x);
}

constexpr std::int64_t kSerialUnits = 2'000'000;
constexpr std::int64_t kParallelUnits = 40'000'000;

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

// One job: the serial part, then the parallel part split among `workers`.
// Returns the job's time; `serial` gets the serial part's.
double cpu_job(int workers, double* serial = nullptr) {
  const auto start = clock_type::now();
  spin_work(kSerialUnits);
  if (serial != nullptr) *serial = seconds_since(start);
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w)
    threads.emplace_back([workers] { spin_work(kParallelUnits / workers); });
  for (auto& t : threads)
    t.join();
  return seconds_since(start);
}

void cpu_bound(benchmark::State& state) {
  const int workers = static_cast<int>(state.range(0));
  double serial = 0;
  const double one = cpu_job(1, &serial);  // the baseline, measured in this run
  const double s = serial / one;
  double total = 0;
  std::int64_t jobs = 0;
  for (auto _ : state) {
    total += cpu_job(workers);
    ++jobs;
  }
  const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  const int p = std::min(workers, cores);
  state.counters["speedup"] = one / (total / static_cast<double>(jobs));
  state.counters["serial_fraction"] = s;
  state.counters["amdahl"] = 1.0 / (s + (1.0 - s) / p);
}
BENCHMARK(cpu_bound)
    ->ArgName("workers")
    ->Arg(1)
    ->Arg(2)
    ->Arg(4)
    ->Iterations(5)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

constexpr int kTasks = 16;
constexpr auto kWait = std::chrono::milliseconds(2);

double io_job(int workers) {
  const auto start = clock_type::now();
  std::atomic<int> next{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&next] {
      while (next.fetch_add(1) < kTasks)
        std::this_thread::sleep_for(kWait);  // the simulated I/O wait
    });
  }
  for (auto& t : threads)
    t.join();
  return seconds_since(start);
}

void io_bound(benchmark::State& state) {
  const int workers = static_cast<int>(state.range(0));
  const double one = io_job(1);
  double total = 0;
  std::int64_t jobs = 0;
  for (auto _ : state) {
    total += io_job(workers);
    ++jobs;
  }
  state.counters["speedup"] = one / (total / static_cast<double>(jobs));
}
BENCHMARK(io_bound)
    ->ArgName("workers")
    ->Arg(1)
    ->Arg(2)
    ->Arg(4)
    ->Arg(8)
    ->Arg(16)
    ->Iterations(5)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

constexpr auto kSetAfter = std::chrono::milliseconds(20);

// The CPU time a waiter burns until a flag set after kSetAfter is seen.
double busy_wait() {
  std::atomic<bool> set{false};
  double burned = 0;
  std::thread waiter([&] {
    const double before = thread_cpu_ms();
    while (!set.load(std::memory_order_acquire)) {
    }
    burned = thread_cpu_ms() - before;
  });
  std::this_thread::sleep_for(kSetAfter);
  set.store(true, std::memory_order_release);
  waiter.join();
  return burned;
}

double condition_variable_wait() {
  std::mutex m;
  std::condition_variable cv;
  bool set = false;
  double burned = 0;
  std::thread waiter([&] {
    const double before = thread_cpu_ms();
    std::unique_lock<std::mutex> lock(m);
    cv.wait(lock, [&] { return set; });
    burned = thread_cpu_ms() - before;
  });
  std::this_thread::sleep_for(kSetAfter);
  {
    std::lock_guard<std::mutex> hold(m);
    set = true;
  }
  cv.notify_one();
  waiter.join();
  return burned;
}

void waiting(benchmark::State& state, double (*wait)()) {
  double burned = 0;
  std::int64_t waits = 0;
  for (auto _ : state) {
    burned += wait();
    ++waits;
  }
  state.counters["cpu_ms"] = burned / static_cast<double>(waits);
}
BENCHMARK_CAPTURE(waiting, busy, busy_wait)
    ->Iterations(5)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(waiting, condition_variable, condition_variable_wait)
    ->Iterations(5)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
BENCHMARK_MAIN();
