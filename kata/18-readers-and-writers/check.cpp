// Checker of exercise 18: two threads asking for the same uncached price, a
// lookup beside a writer setting that price, and readers beside a writer;
// every value returned is checked, each scenario explored under every
// schedule within the bound; built plainly and under ThreadSanitizer.
#include <cstdio>

#include "kata_check.hpp"
#include "task.hpp"

namespace {
racelab::atomic<int>* g_fetches = nullptr;  // the current scenario's count
}

int fetch_price(int item) {
  if (g_fetches != nullptr) g_fetches->fetch_add(1);
  return item * 10;
}

int main() {
  std::printf("Readers and writers\n");
  kata::explore("two threads ask for the same uncached price: one fetch", [] {
    racelab::atomic<int> fetches{0, "fetches"};
    g_fetches = &fetches;
    price_cache cache;
    int got[2] = {0, 0};
    racelab::thread a([&] { got[0] = cache.get_or_fetch(1); });
    got[1] = cache.get_or_fetch(1);
    a.join();
    racelab::check(got[0] == 10 && got[1] == 10, "both get the price 10");
    racelab::check(fetches.load() == 1, "the price was fetched once");
  });
  kata::explore("a lookup while a writer sets the same price", [] {
    racelab::atomic<int> fetches{0, "fetches"};
    g_fetches = &fetches;
    price_cache cache;
    int got = 0;
    racelab::thread writer([&] { cache.set(1, 7); });
    got = cache.get_or_fetch(1);
    writer.join();
    racelab::check(got == 7 || got == 10, "the lookup returns the price set (7) or fetched (10)");
    racelab::check(cache.read(1) == 7, "the price set by the writer is never overwritten");
  });
  kata::explore("two readers beside a writer", [] {
    g_fetches = nullptr;
    price_cache cache;
    cache.set(1, 5);
    int seen[2] = {0, 0};
    racelab::thread a([&] { seen[0] = cache.read(1); }), b([&] { seen[1] = cache.read(1); });
    cache.set(1, 6);
    a.join();
    b.join();
    racelab::check((seen[0] == 5 || seen[0] == 6) && (seen[1] == 5 || seen[1] == 6),
                   "a reader sees the old price or the new one");
  });
  return kata::verdict();
}
