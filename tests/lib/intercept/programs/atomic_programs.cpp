// std::atomic programs for atomic_points_test.cpp, built with
// racelab_instrument: their read-modify-writes and fences are what the
// tests are about.
#include <atomic>
#include <thread>

#include "atomic_programs.hpp"

namespace atomic_programs {

int exchange_lost_update(bool fixed) {
  std::atomic<int> hits{0};
  auto work = [&] {
    if (fixed) {
      hits.fetch_add(1);
    } else {
      hits.exchange(hits.load() + 1);  // the value written was read a step earlier
    }
  };
  std::thread a(work), b(work);
  a.join();
  b.join();
  return hits.load();
}

int read_after_fence(fence_placement where) {
  int value = 0, seen = 0;
  std::atomic<bool> ready{false};
  std::thread reader([&] {
    if (where == fence_placement::acquire_too_early)
      std::atomic_thread_fence(std::memory_order_acquire);
    while (!ready.load(std::memory_order_relaxed))
      std::this_thread::yield();
    if (where != fence_placement::acquire_too_early)
      std::atomic_thread_fence(std::memory_order_acquire);
    seen = value;  // published by the fences, or a data race
  });
  if (where == fence_placement::release_too_early) {
    std::atomic_thread_fence(std::memory_order_release);
    value = 42;
  } else {
    value = 42;
    std::atomic_thread_fence(std::memory_order_release);
  }
  ready.store(true, std::memory_order_relaxed);
  reader.join();
  return seen;
}

}  // namespace atomic_programs
