// What each fix costs: the counter fixed four ways, and bank transfers under
// one global lock versus per-account locks. Plain std primitives (outside any
// exploration racelab's are the same plus one thread-local load); run with
// ->Threads(n), Google Benchmark's own threads.
#include <array>
#include <atomic>
#include <mutex>

#include <benchmark/benchmark.h>

namespace {

constexpr int kIncrements = 1000;

// counter: every increment takes one shared mutex.
std::mutex g_count_mutex;
long g_count = 0;
void counter_mutex(benchmark::State& state) {
  for (auto _ : state) {
    for (int i = 0; i < kIncrements; ++i) {
      std::lock_guard<std::mutex> hold(g_count_mutex);
      ++g_count;
    }
  }
  state.SetItemsProcessed(state.iterations() * kIncrements);
}

// counter: one shared atomic, fetch_add.
std::atomic<long> g_atomic{0};
void counter_atomic(benchmark::State& state) {
  for (auto _ : state) {
    for (int i = 0; i < kIncrements; ++i)
      g_atomic.fetch_add(1, std::memory_order_relaxed);
  }
  state.SetItemsProcessed(state.iterations() * kIncrements);
}

// counter: one atomic per thread, each on its own cache line; a reader sums them.
struct alignas(64) shard {
  std::atomic<long> value{0};
};
std::array<shard, 64> g_shards;
void counter_sharded(benchmark::State& state) {
  shard& mine = g_shards[static_cast<std::size_t>(state.thread_index()) % g_shards.size()];
  for (auto _ : state) {
    for (int i = 0; i < kIncrements; ++i) {
      mine.value.store(mine.value.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    }
  }
  state.SetItemsProcessed(state.iterations() * kIncrements);
}

// counter: a thread-local count, added to the shared total once per batch.
std::atomic<long> g_total{0};
void counter_thread_local(benchmark::State& state) {
  for (auto _ : state) {
    long local = 0;
    for (int i = 0; i < kIncrements; ++i)
      benchmark::DoNotOptimize(++local);
    g_total.fetch_add(local, std::memory_order_relaxed);
  }
  state.SetItemsProcessed(state.iterations() * kIncrements);
}

BENCHMARK(counter_mutex)->ThreadRange(1, 8)->UseRealTime();
BENCHMARK(counter_atomic)->ThreadRange(1, 8)->UseRealTime();
BENCHMARK(counter_sharded)->ThreadRange(1, 8)->UseRealTime();
BENCHMARK(counter_thread_local)->ThreadRange(1, 8)->UseRealTime();

// bank: 64 accounts, each on its own cache line (adjacent accounts sharing
// a line would make per-account locks contend anyway); each transfer moves 1
// between two random accounts.
constexpr int kAccounts = 64;
struct alignas(64) account {
  std::mutex m;
  long balance = 1000;
};
std::array<account, kAccounts> g_accounts;
std::mutex g_bank_mutex;

void bank_global_lock(benchmark::State& state) {
  unsigned seed = static_cast<unsigned>(state.thread_index()) * 7919u + 1;
  for (auto _ : state) {
    seed = seed * 1103515245u + 12345u;
    const auto from = (seed >> 8) % kAccounts,
               to = (from + 1 + (seed >> 16) % (kAccounts - 1)) % kAccounts;
    std::lock_guard<std::mutex> hold(g_bank_mutex);
    --g_accounts[from].balance;
    ++g_accounts[to].balance;
  }
  state.SetItemsProcessed(state.iterations());
}

void bank_per_account(benchmark::State& state) {
  unsigned seed = static_cast<unsigned>(state.thread_index()) * 7919u + 1;
  for (auto _ : state) {
    seed = seed * 1103515245u + 12345u;
    const auto from = (seed >> 8) % kAccounts,
               to = (from + 1 + (seed >> 16) % (kAccounts - 1)) % kAccounts;
    std::scoped_lock both(g_accounts[from].m, g_accounts[to].m);
    --g_accounts[from].balance;
    ++g_accounts[to].balance;
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(bank_global_lock)->ThreadRange(1, 8)->UseRealTime();
BENCHMARK(bank_per_account)->ThreadRange(1, 8)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
