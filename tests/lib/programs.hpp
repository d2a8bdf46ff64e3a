// Small concurrent programs shared by the harness tests.
#pragma once

#include <mutex>

#include <racelab/harness.hpp>

namespace racelab_test {

// Two threads each increment `x` once with a separate load and store.
inline void lost_update() {
  racelab::atomic<int> x{0, "x"};
  auto increment = [&] {
    const int seen = x.load();
    x.store(seen + 1);
  };
  racelab::thread a(increment);
  racelab::thread b(increment);
  a.join();
  b.join();
  racelab::check(x.load() == 2, "x == 2 after two increments");
}

// The same with fetch_add: correct under every schedule.
inline void atomic_increments(int threads = 2, int per_thread = 1) {
  racelab::atomic<int> x{0, "x"};
  std::vector<racelab::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < per_thread; ++i)
        x.fetch_add(1);
    });
  }
  for (auto& w : workers)
    w.join();
  racelab::check(x.load() == threads * per_thread, "every increment counted");
}

// Two threads lock m_a and m_b in opposite orders.
inline void opposite_lock_order() {
  racelab::mutex a{"m_a"};
  racelab::mutex b{"m_b"};
  racelab::thread t1([&] {
    std::lock_guard<racelab::mutex> first(a);
    std::lock_guard<racelab::mutex> second(b);
  });
  racelab::thread t2([&] {
    std::lock_guard<racelab::mutex> first(b);
    std::lock_guard<racelab::mutex> second(a);
  });
  t1.join();
  t2.join();
}

}  // namespace racelab_test
