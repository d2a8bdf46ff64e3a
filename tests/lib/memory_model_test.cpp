// Litmus tests of the C++ memory model racelab explores for racelab::atomic
// (Options::memory_model = rc11; lib/src/memory_model.hpp). Each test runs
// every schedule (dfs, unbounded; IRIW and WRC, with four and three threads,
// every schedule within 3 preemptions and unusual choices, until partial-
// order reduction makes their unbounded search small) and compares the set
// of outcomes with the set RC11 allows for the orders used, derived in the
// comment beside it.
#include <gtest/gtest.h>

#include <cstdio>
#include <functional>
#include <new>
#include <set>
#include <string>

#include <racelab/harness.hpp>

namespace {

using outcomes = std::set<std::string>;
constexpr auto relaxed = std::memory_order_relaxed;
constexpr auto acquire = std::memory_order_acquire;
constexpr auto release = std::memory_order_release;
constexpr auto seq_cst = std::memory_order_seq_cst;

// Every outcome of `litmus` over all schedules (and all reads-from and
// modification-order choices).
outcomes all_outcomes(const std::function<std::string()>& litmus, int bound = -1) {
  outcomes seen;
  racelab::Options o;
  o.strategy = racelab::Strategy::dfs;
  o.preemption_bound = bound;
  o.iterations = 500000;
  o.memory_model = racelab::MemoryModel::rc11;
  const racelab::Result r = racelab::explore(o, [&] { seen.insert(litmus()); });
  EXPECT_FALSE(r.failed()) << r.message;
  EXPECT_TRUE(r.exhausted) << "ran " << r.iterations << " schedules without exhausting them";
  std::printf("  (%d schedules)\n", r.iterations);
  return seen;
}

std::string two(int a, int b) {
  return std::to_string(a) + std::to_string(b);
}

// Store buffering: T1 x=1; r1=y || T2 y=1; r2=x.
std::string store_buffering(std::memory_order st, std::memory_order ld) {
  racelab::atomic<int> x{0, "x"}, y{0, "y"};
  int r1 = -1, r2 = -1;
  racelab::thread a([&] {
    x.store(1, st);
    r1 = y.load(ld);
  });
  racelab::thread b([&] {
    y.store(1, st);
    r2 = x.load(ld);
  });
  a.join();
  b.join();
  return two(r1, r2);
}

TEST(MemoryModel, StoreBufferingRelaxed) {
  // Nothing orders a store before the other thread's load: all four.
  EXPECT_EQ(all_outcomes([] { return store_buffering(relaxed, relaxed); }),
            (outcomes{"00", "01", "10", "11"}));
}

TEST(MemoryModel, StoreBufferingReleaseAcquire) {
  // Release/acquire does not order a store before a later load: all four.
  EXPECT_EQ(all_outcomes([] { return store_buffering(release, acquire); }),
            (outcomes{"00", "01", "10", "11"}));
}

TEST(MemoryModel, StoreBufferingSeqCst) {
  // One total order S of the four: the later load in S sees its store: no 00.
  EXPECT_EQ(all_outcomes([] { return store_buffering(seq_cst, seq_cst); }),
            (outcomes{"01", "10", "11"}));
}

TEST(MemoryModel, StoreBufferingRelaxedWithSeqCstFences) {
  // seq_cst fences between each store and load order them in S: no 00.
  EXPECT_EQ(all_outcomes([] {
              racelab::atomic<int> x{0, "x"}, y{0, "y"};
              int r1 = -1, r2 = -1;
              racelab::thread a([&] {
                x.store(1, relaxed);
                racelab::atomic_thread_fence(seq_cst);
                r1 = y.load(relaxed);
              });
              racelab::thread b([&] {
                y.store(1, relaxed);
                racelab::atomic_thread_fence(seq_cst);
                r2 = x.load(relaxed);
              });
              a.join();
              b.join();
              return two(r1, r2);
            }),
            (outcomes{"01", "10", "11"}));
}

// Message passing: T1 data=1; flag=1 || T2 r1=flag; r2=data.
std::string message_passing(std::memory_order st, std::memory_order ld) {
  racelab::atomic<int> data{0, "data"}, flag{0, "flag"};
  int r1 = -1, r2 = -1;
  racelab::thread a([&] {
    data.store(1, relaxed);
    flag.store(1, st);
  });
  racelab::thread b([&] {
    r1 = flag.load(ld);
    r2 = data.load(relaxed);
  });
  a.join();
  b.join();
  return two(r1, r2);
}

TEST(MemoryModel, MessagePassingRelaxed) {
  // A relaxed flag publishes nothing: seeing it, data may still read 0.
  EXPECT_EQ(all_outcomes([] { return message_passing(relaxed, relaxed); }),
            (outcomes{"00", "01", "10", "11"}));
}

TEST(MemoryModel, MessagePassingReleaseAcquire) {
  // The acquire load that reads the release store sees data=1: no 10.
  EXPECT_EQ(all_outcomes([] { return message_passing(release, acquire); }),
            (outcomes{"00", "01", "11"}));
}

TEST(MemoryModel, MessagePassingReleaseOnlyIsNotEnough) {
  // A relaxed load synchronizes with nothing: 10 stays.
  EXPECT_EQ(all_outcomes([] { return message_passing(release, relaxed); }),
            (outcomes{"00", "01", "10", "11"}));
}

TEST(MemoryModel, MessagePassingThroughFences) {
  // Release fence before the relaxed flag store, acquire fence after the
  // relaxed flag load: the fences synchronize, no 10.
  EXPECT_EQ(all_outcomes([] {
              racelab::atomic<int> data{0, "data"}, flag{0, "flag"};
              int r1 = -1, r2 = -1;
              racelab::thread a([&] {
                data.store(1, relaxed);
                racelab::atomic_thread_fence(release);
                flag.store(1, relaxed);
              });
              racelab::thread b([&] {
                r1 = flag.load(relaxed);
                racelab::atomic_thread_fence(acquire);
                r2 = data.load(relaxed);
              });
              a.join();
              b.join();
              return two(r1, r2);
            }),
            (outcomes{"00", "01", "11"}));
}

TEST(MemoryModel, MessagePassingWithAMisplacedFence) {
  // The acquire fence before the flag load acquires nothing: 10 stays.
  EXPECT_EQ(all_outcomes([] {
              racelab::atomic<int> data{0, "data"}, flag{0, "flag"};
              int r1 = -1, r2 = -1;
              racelab::thread a([&] {
                data.store(1, relaxed);
                racelab::atomic_thread_fence(release);
                flag.store(1, relaxed);
              });
              racelab::thread b([&] {
                racelab::atomic_thread_fence(acquire);
                r1 = flag.load(relaxed);
                r2 = data.load(relaxed);
              });
              a.join();
              b.join();
              return two(r1, r2);
            }),
            (outcomes{"00", "01", "10", "11"}));
}

TEST(MemoryModel, LoadBufferingRelaxed) {
  // T1 r1=x; y=1 || T2 r2=y; x=1. C++ allows 11; RC11 forbids it (no cycle
  // of program order and reads-from), and racelab implements RC11.
  EXPECT_EQ(all_outcomes([] {
              racelab::atomic<int> x{0, "x"}, y{0, "y"};
              int r1 = -1, r2 = -1;
              racelab::thread a([&] {
                r1 = x.load(relaxed);
                y.store(1, relaxed);
              });
              racelab::thread b([&] {
                r2 = y.load(relaxed);
                x.store(1, relaxed);
              });
              a.join();
              b.join();
              return two(r1, r2);
            }),
            (outcomes{"00", "01", "10"}));
}

// Independent reads of independent writes: T0 x=1 || T1 y=1 ||
// T2 r1=x; r2=y || T3 r3=y; r4=x (the main thread is the first writer: one
// thread fewer to interleave).
std::string iriw(std::memory_order st, std::memory_order ld) {
  racelab::atomic<int> x{0, "x"}, y{0, "y"};
  int r[4] = {-1, -1, -1, -1};
  racelab::thread b([&] { y.store(1, st); });
  racelab::thread c([&] {
    r[0] = x.load(ld);
    r[1] = y.load(ld);
  });
  racelab::thread d([&] {
    r[2] = y.load(ld);
    r[3] = x.load(ld);
  });
  x.store(1, st);
  b.join();
  c.join();
  d.join();
  return two(r[0], r[1]) + two(r[2], r[3]);
}

outcomes all_sixteen() {
  outcomes all;
  for (int i = 0; i < 16; ++i)
    all.insert(two(i >> 3 & 1, i >> 2 & 1) + two(i >> 1 & 1, i & 1));
  return all;
}

TEST(MemoryModel, IriwReleaseAcquire) {
  // The readers may disagree on the order of the two independent stores
  // (1010 included): all sixteen.
  EXPECT_EQ(all_outcomes([] { return iriw(release, acquire); }, 3), all_sixteen());
}

TEST(MemoryModel, IriwSeqCst) {
  // One total order: the readers cannot see the stores in opposite orders.
  outcomes expected = all_sixteen();
  expected.erase("1010");
  EXPECT_EQ(all_outcomes([] { return iriw(seq_cst, seq_cst); }, 3), expected);
}

// Write-read causality: T1 x=1 || T2 r1=x; y=1 || T3 r2=y; r3=x.
std::string wrc(std::memory_order ld, std::memory_order st) {
  racelab::atomic<int> x{0, "x"}, y{0, "y"};
  int r1 = -1, r2 = -1, r3 = -1;
  racelab::thread a([&] { x.store(1, relaxed); });
  racelab::thread b([&] {
    r1 = x.load(ld);
    y.store(1, st);
  });
  racelab::thread c([&] {
    r2 = y.load(ld);
    r3 = x.load(relaxed);
  });
  a.join();
  b.join();
  c.join();
  return two(r1, r2) + std::to_string(r3);
}

outcomes all_eight() {
  outcomes all;
  for (int i = 0; i < 8; ++i)
    all.insert(two(i >> 2 & 1, i >> 1 & 1) + std::to_string(i & 1));
  return all;
}

TEST(MemoryModel, WriteReadCausalityRelaxed) {
  // Nothing carries T2's sight of x=1 to T3: all eight, 110 included.
  EXPECT_EQ(all_outcomes([] { return wrc(relaxed, relaxed); }, 3), all_eight());
}

TEST(MemoryModel, WriteReadCausalityReleaseAcquire) {
  // T3 acquires T2's view, which includes x=1: no 110.
  outcomes expected = all_eight();
  expected.erase("110");
  EXPECT_EQ(all_outcomes([] { return wrc(acquire, release); }, 3), expected);
}

// 2+2W: T1 x=1; y=2 || T2 y=1; x=2; the outcome is the final (x, y).
std::string two_plus_two_w(std::memory_order st) {
  racelab::atomic<int> x{0, "x"}, y{0, "y"};
  racelab::thread a([&] {
    x.store(1, st);
    y.store(2, st);
  });
  racelab::thread b([&] {
    y.store(1, st);
    x.store(2, st);
  });
  a.join();
  b.join();
  return two(x.load(), y.load());
}

TEST(MemoryModel, TwoPlusTwoWritesRelaxed) {
  // Each location's modification order is free but for program order within
  // a thread on the same location: all of 11, 12, 21, 22 (11: each thread's
  // first store is last).
  EXPECT_EQ(all_outcomes([] { return two_plus_two_w(relaxed); }),
            (outcomes{"11", "12", "21", "22"}));
}

TEST(MemoryModel, TwoPlusTwoWritesSeqCst) {
  // One total order of the four stores: the last of them is a second store,
  // so 11 is impossible.
  EXPECT_EQ(all_outcomes([] { return two_plus_two_w(seq_cst); }), (outcomes{"12", "21", "22"}));
}

TEST(MemoryModel, CoherenceReadRead) {
  // CoRR: T1 x=1; x=2 || T2 r1=x; r2=x: never a newer value, then an older.
  EXPECT_EQ(all_outcomes([] {
              racelab::atomic<int> x{0, "x"};
              int r1 = -1, r2 = -1;
              racelab::thread a([&] {
                x.store(1, relaxed);
                x.store(2, relaxed);
              });
              racelab::thread b([&] {
                r1 = x.load(relaxed);
                r2 = x.load(relaxed);
              });
              a.join();
              b.join();
              return two(r1, r2);
            }),
            (outcomes{"00", "01", "02", "11", "12", "22"}));
}

TEST(MemoryModel, CoherenceWriteRead) {
  // CoWR: a thread reads its own store or a newer one, never an older.
  EXPECT_EQ(all_outcomes([] {
              racelab::atomic<int> x{0, "x"};
              int r = -1;
              racelab::thread a([&] {
                x.store(1, relaxed);
                r = x.load(relaxed);
              });
              racelab::thread b([&] { x.store(2, relaxed); });
              a.join();
              b.join();
              return std::to_string(r) + std::to_string(x.load());
            }),
            // r=1 with 1 last or with 2 last; r=2 only when 2 is after 1.
            (outcomes{"11", "12", "22"}));
}

TEST(MemoryModel, CoherenceReadWrite) {
  // CoRW: T1 r=x; x=1 || T2 x=2: a load never reads a store its own later
  // store precedes... r=2 means 2 came before 1, so the final value is 1.
  EXPECT_EQ(all_outcomes([] {
              racelab::atomic<int> x{0, "x"};
              int r = -1;
              racelab::thread a([&] {
                r = x.load(relaxed);
                x.store(1, relaxed);
              });
              racelab::thread b([&] { x.store(2, relaxed); });
              a.join();
              b.join();
              return std::to_string(r) + std::to_string(x.load());
            }),
            (outcomes{"01", "02", "21"}));
}

TEST(MemoryModel, CoherenceWriteWrite) {
  // CoWW: T1 x=1; x=2 in program order: 1 is before 2 in modification order,
  // so x ends 2 or at T2's 3.
  EXPECT_EQ(all_outcomes([] {
              racelab::atomic<int> x{0, "x"};
              racelab::thread a([&] {
                x.store(1, relaxed);
                x.store(2, relaxed);
              });
              racelab::thread b([&] { x.store(3, relaxed); });
              a.join();
              b.join();
              return std::to_string(x.load());
            }),
            (outcomes{"2", "3"}));
}

TEST(MemoryModel, ReadModifyWritesNeverLoseAnIncrement) {
  // Atomicity: two relaxed fetch_adds always make 2.
  EXPECT_EQ(all_outcomes([] {
              racelab::atomic<int> x{0, "x"};
              racelab::thread a([&] { x.fetch_add(1, relaxed); });
              racelab::thread b([&] { x.fetch_add(1, relaxed); });
              a.join();
              b.join();
              return std::to_string(x.load());
            }),
            (outcomes{"2"}));
}

// A racelab::atomic constructed where a destroyed one was has a history of
// its own: a load never returns the dead one's value, and a store is never
// placed before it.
TEST(MemoryModel, ANewAtomicWhereADeadOneWasStartsAfresh) {
  EXPECT_EQ(all_outcomes([] {
              alignas(racelab::atomic<int>) unsigned char storage[sizeof(racelab::atomic<int>)];
              auto* first = new (storage) racelab::atomic<int>(0, "first");
              first->store(1, relaxed);
              first->~atomic();
              auto* second = new (storage) racelab::atomic<int>(0, "second");
              int seen = -1;
              racelab::thread t([&] { seen = second->load(relaxed); });
              second->store(2, relaxed);
              t.join();
              const std::string out = two(seen, second->load(relaxed));
              second->~atomic();
              return out;
            }),
            (outcomes{"02", "22"}));
}

// Store buffering with a lock and unlock between each thread's store and
// load. Two different mutexes: a lock is an acquire of its own mutex and an
// unlock a release, neither a fence, so 00 stays possible. One mutex: the
// second thread to lock it sees the first one's store, so 00 is gone.
std::string store_buffering_with_locks(bool one_mutex) {
  racelab::atomic<int> x{0, "x"}, y{0, "y"};
  racelab::mutex m0, m1;
  racelab::mutex& theirs = one_mutex ? m0 : m1;
  int r0 = -1, r1 = -1;
  racelab::thread t([&] {
    y.store(1, relaxed);
    theirs.lock();
    theirs.unlock();
    r1 = x.load(relaxed);
  });
  x.store(1, relaxed);
  m0.lock();
  m0.unlock();
  r0 = y.load(relaxed);
  t.join();
  return two(r0, r1);
}

TEST(MemoryModel, StoreBufferingAcrossTwoMutexesKeepsItsWeakOutcome) {
  EXPECT_EQ(all_outcomes([] { return store_buffering_with_locks(false); }),
            (outcomes{"00", "01", "10", "11"}));
}

TEST(MemoryModel, StoreBufferingThroughOneMutexLosesIt) {
  EXPECT_EQ(all_outcomes([] { return store_buffering_with_locks(true); }),
            (outcomes{"01", "10", "11"}));
}

TEST(MemoryModel, AMutexPublishesWhatWasDoneUnderIt) {
  // What happens before an unlock is seen after the lock: a relaxed store
  // under the mutex is read by a relaxed load under it.
  EXPECT_EQ(all_outcomes([] {
              racelab::atomic<int> x{0, "x"};
              racelab::mutex m;
              int r = -1;
              bool wrote = false;
              racelab::thread a([&] {
                std::lock_guard<racelab::mutex> hold(m);
                x.store(1, relaxed);
                wrote = true;
              });
              {
                std::lock_guard<racelab::mutex> hold(m);
                r = wrote ? x.load(relaxed) : 1;
              }
              a.join();
              return std::to_string(r);
            }),
            (outcomes{"1"}));
}

// Verdicts under the model: Peterson's lock, whose release/acquire version
// lets both threads in (each reads the other's flag before the other's store
// reaches it: store buffering), and whose seq_cst version is correct.
void peterson(std::memory_order st, std::memory_order ld) {
  racelab::atomic<bool> flag[2] = {{false, "flag0"}, {false, "flag1"}};
  racelab::atomic<int> turn{0, "turn"}, inside{0, "inside"};
  auto enter_and_leave = [&](int me) {
    const int other = 1 - me;
    flag[me].store(true, st);
    turn.store(other, st);
    while (flag[other].load(ld) && turn.load(ld) == other)
      racelab::yield();
    racelab::check(inside.fetch_add(1) == 0, "one thread at a time in the critical section");
    inside.fetch_sub(1);
    flag[me].store(false, st);
  };
  racelab::thread t([&] { enter_and_leave(1); });
  enter_and_leave(0);
  t.join();
}

racelab::Result explore_peterson(std::memory_order st, std::memory_order ld,
                                 racelab::MemoryModel model = racelab::MemoryModel::rc11) {
  racelab::Options o;
  o.strategy = racelab::Strategy::dfs;
  o.preemption_bound = 2;
  o.iterations = 20000;
  o.memory_model = model;
  return racelab::explore(o, [st, ld] { peterson(st, ld); });
}

TEST(MemoryModelVerdicts, PetersonWithReleaseAcquireIsBroken) {
  const racelab::Result r = explore_peterson(release, acquire);
  ASSERT_EQ(r.failure, racelab::Failure::check) << r.message;
  EXPECT_NE(r.trace.find("(an older value;"), std::string::npos) << r.trace;
  // The swimlanes mark it where a narrow lane cannot cut the mark off.
  EXPECT_NE(r.trace.find("| *load flag"), std::string::npos) << r.trace;
  EXPECT_NE(r.trace.find("* read an older value than the latest store"), std::string::npos);
}

TEST(MemoryModelVerdicts, PetersonWithSeqCstIsClean) {
  const racelab::Result r = explore_peterson(seq_cst, seq_cst);
  EXPECT_FALSE(r.failed()) << r.message;
  EXPECT_TRUE(r.exhausted);
}

TEST(MemoryModelVerdicts, SequentialConsistencyAloneCannotSeeIt) {
  // The same broken lock, explored without the model: every interleaving
  // of sequentially consistent memory keeps it correct.
  EXPECT_FALSE(
      explore_peterson(release, acquire, racelab::MemoryModel::sequentially_consistent).failed());
}

TEST(MemoryModelVerdicts, TheStaleReadReplays) {
  const racelab::Result found = explore_peterson(release, acquire);
  ASSERT_TRUE(found.failed());
  EXPECT_NE(found.schedule.find(";memory_model=rc11"), std::string::npos) << found.schedule;
  const racelab::Result again = racelab::replay(found.schedule, [] { peterson(release, acquire); });
  EXPECT_EQ(again.failure, racelab::Failure::check) << again.message;
  EXPECT_EQ(again.trace, found.trace);
}

TEST(MemoryModelVerdicts, TheProcessStaysUsableAfterAFailure) {
  ASSERT_TRUE(explore_peterson(release, acquire).failed());
  EXPECT_FALSE(explore_peterson(seq_cst, seq_cst).failed());
}

}  // namespace
