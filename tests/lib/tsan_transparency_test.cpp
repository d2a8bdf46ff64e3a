// ThreadSanitizer transparency: the scheduler's hand-offs create no
// happens-before edge, the program's own synchronization creates exactly its
// real edges.
//
// TsanSilent.* must produce no report in any build: data written before a
// spawn, under a racelab::mutex, published with release/acquire, or read after
// a join is never reported, whatever the schedule.
// TsanReports.* expect a "data race" report in the tsan build (CTest runs them
// through sanitizers/run --expect "data race"; TSan then exits with 66) and
// the Result says data_race; other builds have no detector and skip them.
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <racelab/harness.hpp>

#include "tsan.hpp"

namespace {

racelab::Options dfs() {
  racelab::Options o;
  o.strategy = racelab::Strategy::dfs;
  o.iterations = 100000;
  return o;
}

TEST(TsanSilent, DataWrittenBeforeSpawnAndReadAfterJoin) {
  const auto r = racelab::explore(dfs(), [] {
    std::vector<int> data(4, 0);
    data[1] = 7;  // before the threads exist
    racelab::thread reader([&] { racelab::check(data[1] == 7, "sees the earlier write"); });
    racelab::thread writer([&] { data[2] = 9; });
    reader.join();
    writer.join();
    racelab::check(data[2] == 9, "sees the thread's write after join");
  });
  EXPECT_FALSE(r.failed()) << r.message;
  EXPECT_TRUE(r.exhausted);
}

TEST(TsanSilent, PlainDataUnderARacelabMutex) {
  const auto r = racelab::explore(dfs(), [] {
    int counter = 0;
    racelab::mutex m;
    auto increment = [&] {
      std::lock_guard<racelab::mutex> g(m);
      counter = counter + 1;
    };
    racelab::thread a(increment), b(increment);
    a.join();
    b.join();
    racelab::check(counter == 2, "both increments");
  });
  EXPECT_FALSE(r.failed()) << r.message;
  EXPECT_TRUE(r.exhausted);
}

TEST(TsanSilent, PlainDataPublishedWithReleaseAcquire) {
  const auto r = racelab::explore(dfs(), [] {
    int payload = 0;
    racelab::atomic<bool> ready{false, "ready"};
    racelab::thread producer([&] {
      payload = 42;
      ready.store(true, std::memory_order_release);
    });
    racelab::thread consumer([&] {
      if (ready.load(std::memory_order_acquire)) racelab::check(payload == 42, "payload");
    });
    producer.join();
    consumer.join();
  });
  EXPECT_FALSE(r.failed()) << r.message;
  EXPECT_TRUE(r.exhausted);
}

TEST(TsanSilent, ConditionVariableHandOffOfPlainData) {
  const auto r = racelab::explore(dfs(), [] {
    racelab::mutex m;
    racelab::condition_variable cv;
    int item = 0;
    bool ready = false;
    racelab::thread producer([&] {
      item = 5;
      std::lock_guard<racelab::mutex> g(m);
      ready = true;
      cv.notify_one();
    });
    std::unique_lock<racelab::mutex> lock(m);
    cv.wait(lock, [&] { return ready; });
    racelab::check(item == 5, "item published before the flag");
    lock.unlock();
    producer.join();
  });
  EXPECT_FALSE(r.failed()) << r.message;
}

TEST(TsanSilent, ManySchedulesOfFreshThreadsGiveNoFalseReports) {
  racelab::Options o;
  o.strategy = racelab::Strategy::random;
  o.iterations = 300;
  const auto r = racelab::explore(o, [] {
    std::vector<int> slots(3, 0);
    std::vector<racelab::thread> workers;
    for (int i = 0; i < 3; ++i)
      workers.emplace_back([&slots, i] { slots[static_cast<std::size_t>(i)] = i; });
    for (auto& w : workers)
      w.join();
    racelab::check(slots[2] == 2, "each worker wrote its own slot");
  });
  EXPECT_FALSE(r.failed()) << r.message;
}

class TsanReports : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!racelab::detail::tsan::enabled) GTEST_SKIP() << "needs the tsan build";
  }
};

TEST_F(TsanReports, LostUpdateOnAPlainInt) {
  racelab::Options o;
  o.strategy = racelab::Strategy::pct;
  const auto r = racelab::explore(o, [] {
    int counter = 0;
    auto increment = [&] { counter = counter + 1; };
    racelab::thread a(increment), b(increment);
    a.join();
    b.join();
  });
  ASSERT_EQ(r.failure, racelab::Failure::data_race) << r.message;
  EXPECT_EQ(r.iterations, 1) << "unsynchronized accesses race in every schedule";
  EXPECT_NE(r.message.find("ThreadSanitizer reported a data-race"), std::string::npos) << r.message;
}

// T1 writes x, then takes `steps` racelab steps before it lets T2 write x:
// a race whose first access is far back in T1's history.
racelab::Result race_across(int steps, racelab::Backend backend) {
  racelab::Options o;
  o.strategy = racelab::Strategy::pct;
  o.seed = 1;
  o.iterations = 1;
  o.max_steps = 1000000;
  o.backend = backend;
  return racelab::explore(o, [steps] {
    int x = 0;
    racelab::atomic<int> done{0, "done"};
    racelab::atomic<int> noise{0, "noise"};
    racelab::thread a([&] {
      x = 1;
      for (int i = 0; i < steps; ++i)
        noise.fetch_add(1, std::memory_order_relaxed);
      done.store(1, std::memory_order_relaxed);
    });
    racelab::thread b([&] {
      while (done.load(std::memory_order_relaxed) == 0)
        racelab::yield();
      x = 2;
    });
    a.join();
    b.join();
  });
}

// TSan reports a race only while the earlier access is still in its
// thread's history (TSan's history_size, 0 to 7, default 0): plain TSan
// between std::threads also misses a race with about 100,000 function calls
// or 16,000 release operations between its accesses. racelab keeps its own
// steps out of that history as far as it can (tsan.cpp): with these
// binaries' history_size=7, 8,000 steps apart, the first schedule reports
// the race on both backends (measured alone: up to 10,000 steps on OS
// threads and 11,000 on fibers; before, 5,000 on both).
TEST_F(TsanReports, ARaceAcrossEightThousandStepsIsReportedInTheFirstSchedule) {
  for (const auto backend : {racelab::Backend::threads, racelab::Backend::fibers}) {
    const auto r = race_across(8000, backend);
    EXPECT_EQ(r.failure, racelab::Failure::data_race) << r.message;
  }
}

// Known limit, hence disabled: 20,000 steps apart the first schedule misses
// it (see above); a later schedule that brings the accesses closer reports
// it. Enable once racelab reaches that far.
TEST_F(TsanReports, DISABLED_ARaceAcrossTwentyThousandStepsIsReportedInTheFirstSchedule) {
  const auto r = race_across(20000, racelab::Backend::threads);
  EXPECT_EQ(r.failure, racelab::Failure::data_race) << r.message;
}

// TSan (compiler-rt 14's runtime) gives each thread and fiber one of 256
// slots, taken from the front of a queue; a thread that needs a slot when
// the front one is still owned takes it over, and then everything the
// owner did before looks ordered before the taker's accesses. A reused TSan
// fiber keeps the slot it took when it was created: explorations that went
// before (here 300 OS threads, as the OS-thread backend's schedules make
// them) move it to the front, and a fiber that needs a slot mid-schedule
// took over another's, hiding their race (a false clean found 2026-12-02,
// with no step between the two accesses). Each exploration now gives the
// stacks it takes from the previous ones fresh TSan fibers
// (fiber_stacks.hpp).
TEST_F(TsanReports, AFiberRaceIsReportedAfterManyThreadsHaveComeAndGone) {
  EXPECT_EQ(race_across(0, racelab::Backend::fibers).failure, racelab::Failure::data_race);
  for (int i = 0; i < 300; ++i)
    std::thread([] {}).join();
  const auto r = race_across(0, racelab::Backend::fibers);
  EXPECT_EQ(r.failure, racelab::Failure::data_race) << r.message;
}

TEST_F(TsanReports, PlainDataPublishedThroughARelaxedFlag) {
  const auto r = racelab::explore(dfs(), [] {
    int payload = 0;
    racelab::atomic<bool> ready{false, "ready"};
    racelab::thread producer([&] {
      payload = 42;
      ready.store(true, std::memory_order_relaxed);
    });
    racelab::thread consumer([&] {
      if (ready.load(std::memory_order_relaxed)) racelab::check(payload == 42, "payload");
    });
    producer.join();
    consumer.join();
  });
  EXPECT_EQ(r.failure, racelab::Failure::data_race) << r.message;
}

// T1 writes x and sets a relaxed flag; T0 sees the flag and only then starts
// T3, which reads x. Nothing orders the write before the read: a data race,
// also in the schedules where T1 has finished before T3 starts (a pooled OS
// thread reused for T3 would have shown TSan one thread's program order).
TEST_F(TsanReports, TwoManagedThreadsAreNeverOneThreadToTsan) {
  for (int bound : {0, 2}) {
    racelab::Options o = dfs();
    o.preemption_bound = bound;
    const auto r = racelab::explore(o, [] {
      int x = 0;
      racelab::atomic<int> done{0, "done"};
      racelab::thread t1([&] {
        x = 1;
        done.store(1, std::memory_order_relaxed);
      });
      while (done.load(std::memory_order_relaxed) == 0)
        racelab::yield();
      int seen = 0;
      racelab::thread t3([&] { seen = x; });
      t3.join();
      t1.join();
    });
    EXPECT_EQ(r.failure, racelab::Failure::data_race) << "bound " << bound << ": " << r.message;
  }
}

TEST_F(TsanReports, ADataRaceReplaysToTheSameFailureAndTrace) {
  auto body = [] {
    static int shared = 0;  // reset below: each schedule starts from 0
    shared = 0;
    auto increment = [] {
      const int seen = shared;
      racelab::yield();
      shared = seen + 1;
    };
    racelab::thread a(increment);
    increment();
    a.join();
  };
  racelab::Options o;
  o.strategy = racelab::Strategy::pct;
  const auto found = racelab::explore(o, body);
  ASSERT_EQ(found.failure, racelab::Failure::data_race) << found.message;
  for (int i = 0; i < 2; ++i) {  // TSan must report the same race again, every time
    const auto again = racelab::replay(found.schedule, body);
    EXPECT_EQ(again.failure, racelab::Failure::data_race) << again.message;
    EXPECT_EQ(again.trace, found.trace);
  }
}

}  // namespace
