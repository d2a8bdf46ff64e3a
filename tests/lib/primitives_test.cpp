// Outside an exploration the primitives behave like their std counterparts.
#include <condition_variable>
#include <mutex>

#include <gtest/gtest.h>

#include <racelab/harness.hpp>

namespace {

TEST(Primitives, ThreadsRunInParallelOutsideAnExploration) {
  EXPECT_FALSE(racelab::exploring());
  racelab::atomic<int> hits{0};
  std::vector<racelab::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&](int n) { hits.fetch_add(n); }, 1);
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(hits.load(), 4);
}

TEST(Primitives, MutexWorksWithEveryStdLockType) {
  racelab::mutex a, b;
  int counter = 0;
  auto work = [&] {
    for (int i = 0; i < 1000; ++i) {
      {
        std::lock_guard<racelab::mutex> g(a);
        ++counter;
      }
      {
        std::scoped_lock both(a, b);
        ++counter;
      }
      std::unique_lock<racelab::mutex> u(a, std::try_to_lock);
      if (!u.owns_lock()) u.lock();
      ++counter;
    }
  };
  racelab::thread t1(work), t2(work);
  t1.join();
  t2.join();
  EXPECT_EQ(counter, 6000);
}

TEST(Primitives, RecursiveMutexNests) {
  racelab::recursive_mutex m;
  std::lock_guard<racelab::recursive_mutex> outer(m);
  EXPECT_TRUE(m.try_lock());
  m.unlock();
}

TEST(Primitives, ConditionVariableHandsOverOutsideAnExploration) {
  racelab::mutex m;
  racelab::condition_variable cv;
  bool ready = false;
  racelab::thread t([&] {
    std::lock_guard<racelab::mutex> g(m);
    ready = true;
    cv.notify_one();
  });
  std::unique_lock<racelab::mutex> lock(m);
  cv.wait(lock, [&] { return ready; });
  lock.unlock();
  t.join();
  EXPECT_TRUE(ready);
}

TEST(Primitives, AtomicOperationsMatchStdAtomic) {
  racelab::atomic<int> x{5};
  EXPECT_EQ(x.fetch_add(2), 5);
  EXPECT_EQ(x.fetch_sub(1, std::memory_order_relaxed), 7);
  EXPECT_EQ(x.exchange(10), 6);
  int expected = 3;
  EXPECT_FALSE(x.compare_exchange_strong(expected, 4));
  EXPECT_EQ(expected, 10);
  EXPECT_TRUE(x.compare_exchange_weak(expected, 11) || x.load() == 11 ||
              x.compare_exchange_strong(expected, 11));
  EXPECT_EQ(++x, 12);
  EXPECT_EQ(x++, 12);
  EXPECT_EQ(x -= 3, 10);
  EXPECT_EQ(x.fetch_or(1), 10);
  EXPECT_EQ(x.fetch_and(3), 11);
  EXPECT_EQ(x.fetch_xor(1), 3);
  EXPECT_EQ(static_cast<int>(x), 2);
  racelab::atomic<bool> flag{false};
  flag = true;
  EXPECT_TRUE(flag.load(std::memory_order_acquire));
}

TEST(Primitives, AtomicOperationsAreTracedWithValuesAndOrders) {
  racelab::Options o;
  o.iterations = 1;
  std::string trace;
  const auto r = racelab::explore(o, [] {
    racelab::atomic<int> x{5, "x"};
    x.fetch_add(2, std::memory_order_relaxed);
    int expected = 0;
    x.compare_exchange_strong(expected, 1);
    x.store(3, std::memory_order_release);
    racelab::check(x.load(std::memory_order_acquire) == 4, "force a trace");
  });
  for (const char* step :
       {"fetch_add x(2) 5 -> 7 (relaxed)", "compare_exchange_strong x expected 0, saw 7: fails",
        "store x = 3 (release)", "load x -> 3 (acquire)"}) {
    EXPECT_NE(r.trace.find(step), std::string::npos) << step << "\n" << r.trace;
  }
}

}  // namespace
