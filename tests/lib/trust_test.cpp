// Regression tests for the harness defects reproduced in shared/repro (its README has the
// table of what each reproducer did and what it must do now): a failure while other threads
// sit in destructors, catch everything or wait to lock a dying mutex still returns a Result
// and leaves the next exploration unaffected; fairness keeps correct spin and yield loops
// clean while a real livelock is a step_limit naming each loop; a managed thread is a thread
// in its own right (fresh thread_locals, its own id, move-only callables); the lock-order
// check neither aliases private mutexes nor reports cycles taken under a gate lock; every
// Result replays; carried-over state, unmanaged threads and non-integral atomic values are
// reported readably. Every exploration uses dfs or a fixed seed, and no test sleeps.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <pthread.h>

#include <gtest/gtest.h>

#include <racelab/harness.hpp>

#include "tsan.hpp"

namespace {

using racelab::Failure;
using racelab::Options;
using racelab::Strategy;

constexpr auto npos = std::string::npos;

Options with(Strategy s, int iterations = 1000, std::uint64_t seed = 0) {
  Options o;
  o.strategy = s;
  o.iterations = iterations;
  o.seed = seed;
  return o;
}

// --- small programs shared by several tests ----------------------------------------------

// Correct under every schedule: the program run after each kind of failure.
void two_atomic_increments() {
  racelab::atomic<int> x{0, "x"};
  racelab::thread a([&] { x.fetch_add(1); }), b([&] { x.fetch_add(1); });
  a.join();
  b.join();
  racelab::check(x.load() == 2, "both increments counted");
}

// Failure::check: two threads increment with a separate load and store.
void lost_update() {
  racelab::atomic<int> x{0, "x"};
  auto increment = [&] {
    const int seen = x.load();
    x.store(seen + 1);
  };
  racelab::thread a(increment), b(increment);
  a.join();
  b.join();
  racelab::check(x.load() == 2, "x == 2 after two increments");
}

// Failure::deadlock: the waiter decides to wait before taking the lock, so the notify can
// come before its wait.
void lost_wake_up() {
  racelab::mutex m{"m"};
  racelab::condition_variable cv{"cv"};
  racelab::atomic<bool> ready{false, "ready"};
  racelab::thread waiter([&] {
    if (!ready.load()) {
      std::unique_lock<racelab::mutex> lock(m);
      cv.wait(lock);
    }
  });
  ready.store(true);
  cv.notify_one();
  waiter.join();
}

// Failure::exception.
void exception_escapes_a_thread() {
  racelab::thread t([] { throw std::runtime_error("disk on fire"); });
  t.join();
}

// Failure::misuse.
void unlocks_a_mutex_it_does_not_hold() {
  racelab::mutex m{"m"};
  m.unlock();
}

// Failure::step_limit: two threads each wait for a flag nobody ever sets.
void two_threads_spin_for_ever() {
  racelab::atomic<int> flag_a{0, "flag_a"};
  racelab::atomic<int> flag_b{0, "flag_b"};
  racelab::thread t1([&] {
    while (flag_a.load() != 2) {
    }
  });
  racelab::thread t2([&] {
    while (flag_b.load() != 2) {
    }
  });
  t1.join();
  t2.join();
}

constexpr int kLivelockMaxSteps = 2000;  // a livelock runs into it quickly

struct failing_program {
  const char* name;
  Failure failure;
  void (*body)();
  int max_steps;
};

std::vector<failing_program> failing_programs() {
  const int standard = Options{}.max_steps;
  return {
      {"lost update", Failure::check, lost_update, standard},
      {"lost wake-up", Failure::deadlock, lost_wake_up, standard},
      {"exception escaping a thread", Failure::exception, exception_escapes_a_thread, standard},
      {"unlock of a mutex not held", Failure::misuse, unlocks_a_mutex_it_does_not_hold, standard},
      {"two threads spinning for ever", Failure::step_limit, two_threads_spin_for_ever,
       kLivelockMaxSteps},
  };
}

// --- AbortPath: a failure while other threads are somewhere awkward ----------------------

// Locks `m` in its destructor (implicitly noexcept), as a pool's destructor locks to stop
// its workers.
struct LocksInItsDestructor {
  racelab::mutex& m;
  racelab::atomic<int>& phase;
  ~LocksInItsDestructor() {
    std::lock_guard<racelab::mutex> g(m);
    phase.store(2);
  }
};

// T1's check fails only while T0 is parked at a scheduling point inside the destructor
// (its lock, or the store of phase 2).
void fails_while_the_body_is_inside_a_destructor() {
  racelab::atomic<int> phase{0, "phase"};
  racelab::mutex m{"m"};
  racelab::thread t1([&] { racelab::check(phase.load() != 1, "T1 saw phase 1"); });
  phase.store(1);
  { LocksInItsDestructor closing{m, phase}; }
  t1.join();
}

TEST(AbortPath, AScheduleFailingWhileAnotherThreadIsInsideANoexceptDestructorReturnsTheResult) {
  Options o = with(Strategy::dfs);
  o.preemption_bound = 1;
  const auto r = racelab::explore(o, fails_while_the_body_is_inside_a_destructor);
  ASSERT_EQ(r.failure, Failure::check) << r.message;
  EXPECT_NE(r.message.find("T1 saw phase 1"), npos) << r.message;
  EXPECT_NE(r.message.find("replay: RACELAB_REPLAY="), npos) << r.message;

  const auto again = racelab::replay(r.schedule, fails_while_the_body_is_inside_a_destructor);
  EXPECT_EQ(again.failure, Failure::check) << again.message;
  EXPECT_EQ(again.trace, r.trace);
}

// A worker loop that survives every exception, as thread pools often have. Nothing may be
// thrown into it after the unrelated failure, or it would re-enter its wait for ever.
void worker_catches_everything() {
  racelab::mutex m{"m"};
  racelab::condition_variable cv{"cv"};
  bool stop = false;
  racelab::atomic<bool> ready{false, "ready"};
  racelab::thread worker([&] {
    for (;;) {
      try {
        std::unique_lock<racelab::mutex> lock(m);
        ready.store(true);
        cv.wait(lock, [&] { return stop; });
        return;
      } catch (...) {
        // logs and keeps serving
      }
    }
  });
  while (!ready.load())
    racelab::yield();
  racelab::check(false, "some unrelated check fails");
  {
    std::lock_guard<racelab::mutex> g(m);
    stop = true;
  }
  cv.notify_all();
  worker.join();
}

TEST(AbortPath, AWorkerThatCatchesEverythingDoesNotHangTheExploration) {
  const auto r = racelab::explore(with(Strategy::pct, 1000, 0), worker_catches_everything);
  ASSERT_EQ(r.failure, Failure::check) << r.message;
  EXPECT_NE(r.message.find("some unrelated check fails"), npos) << r.message;
  // The worker waits for a notify the failed body never sends: the schedule is abandoned.
  EXPECT_NE(r.message.find("left behind"), npos) << r.message;
  EXPECT_EQ(r.iterations, 1);
}

// Waits in its destructor, with a predicate, until the worker reports idle.
struct WaitsUntilIdle {
  racelab::mutex& m;
  racelab::condition_variable& cv;
  bool& idle;
  ~WaitsUntilIdle() {
    std::unique_lock<racelab::mutex> lock(m);
    cv.wait(lock, [&] { return idle; });
  }
};

TEST(AbortPath, ADestructorWaitingOnAConditionVariableDoesNotHang) {
  const auto r = racelab::explore(with(Strategy::dfs), [] {
    racelab::mutex m{"m"};
    racelab::condition_variable cv{"cv"};
    bool idle = false;
    racelab::thread worker([&] {
      racelab::check(false, "task failed");
      std::lock_guard<racelab::mutex> g(m);
      idle = true;
      cv.notify_all();
    });
    WaitsUntilIdle w{m, cv, idle};
    worker.join();
  });
  ASSERT_EQ(r.failure, Failure::check) << r.message;
  EXPECT_NE(r.message.find("task failed"), npos) << r.message;
  EXPECT_NE(r.message.find("left behind"), npos) << r.message;
}

TEST(AbortPath, DestroyingAMutexAThreadWaitsToLockIsMisuseNotAUseAfterFree) {
  const auto r = racelab::explore(with(Strategy::dfs, 50), [] {
    auto* m = new racelab::mutex("m");
    racelab::atomic<bool> locking{false, "locking"};
    m->lock();
    racelab::thread t([m, &locking] {
      locking.store(true);
      m->lock();  // blocks: T0 holds m
      m->unlock();
    });
    // Unlike the reproducer, T0 waits until T1 is inside lock(): no scheduling point lies
    // between T1's store and its lock's, so T1 is always waiting to lock m when T0 deletes
    // it, and no schedule has T1 touch the mutex after the delete (a use-after-free in this
    // test itself, which ASan builds would report).
    while (!locking.load())
      racelab::yield();
    m->unlock();
    delete m;
    t.join();
  });
  ASSERT_EQ(r.failure, Failure::misuse) << r.message;
  EXPECT_NE(r.message.find("m is destroyed by T0 while T1 waits to lock it"), npos) << r.message;
}

TEST(AbortPath, TheNextExplorationRunsNormallyAfterEachKindOfFailure) {
  for (const failing_program& p : failing_programs()) {
    SCOPED_TRACE(p.name);
    Options o = with(Strategy::dfs);
    o.max_steps = p.max_steps;
    const auto failed = racelab::explore(o, p.body);
    EXPECT_EQ(failed.failure, p.failure) << failed.message;

    const auto next = racelab::explore(with(Strategy::dfs), two_atomic_increments);
    EXPECT_FALSE(next.failed()) << next.message;
    EXPECT_TRUE(next.exhausted);
  }
}

// --- Fairness: waiting loops end; a real livelock is reported as one ----------------------

void yield_ping_pong() {
  racelab::atomic<int> turn{1, "turn"};
  auto player = [&](int me, int other) {
    for (int i = 0; i < 2; ++i) {
      while (turn.load() != me)
        racelab::yield();
      turn.store(other);
    }
  };
  racelab::thread a(player, 1, 2), b(player, 2, 1);
  a.join();
  b.join();
}

TEST(Fairness, ACorrectYieldPingPongIsCleanUnderEveryStrategy) {
  for (Strategy s : {Strategy::pct, Strategy::random, Strategy::dfs, Strategy::dpor}) {
    Options o = with(s, 200, 0);
    if (s == Strategy::dfs) o.preemption_bound = 2;
    o.max_steps = 5000;
    const auto r = racelab::explore(o, yield_ping_pong);
    EXPECT_FALSE(r.failed()) << racelab::to_string(s) << "\n" << r.message;
  }
}

void spin_wait_without_yield() {
  racelab::atomic<bool> ready{false, "ready"};
  racelab::thread waiter([&] {
    while (!ready.load(std::memory_order_acquire)) {
    }
  });
  racelab::thread setter([&] { ready.store(true, std::memory_order_release); });
  waiter.join();
  setter.join();
}

TEST(Fairness, ACorrectSpinWaitWithoutYieldIsCleanUnderEveryStrategy) {
  for (Strategy s : {Strategy::pct, Strategy::dfs, Strategy::random, Strategy::dpor}) {
    Options o = with(s, 200, 0);
    if (s == Strategy::dfs) o.preemption_bound = 2;
    o.max_steps = 2000;
    const auto r = racelab::explore(o, spin_wait_without_yield);
    EXPECT_FALSE(r.failed()) << racelab::to_string(s) << "\n" << r.message;
  }
}

TEST(Fairness, ARealLivelockIsAStepLimitNamingEachThreadsLoop) {
  for (Strategy s : {Strategy::random, Strategy::pct, Strategy::dfs, Strategy::dpor}) {
    SCOPED_TRACE(std::string(racelab::to_string(s)));
    Options o = with(s, 5, 1);
    o.max_steps = kLivelockMaxSteps;
    const auto r = racelab::explore(o, two_threads_spin_for_ever);
    ASSERT_EQ(r.failure, Failure::step_limit) << r.message;
    EXPECT_NE(r.message.find("T1 spins"), npos) << r.message;
    EXPECT_NE(r.message.find("T2 spins"), npos) << r.message;
    EXPECT_NE(r.message.find("trust_test.cpp"), npos) << "each loop names its line\n" << r.message;

    const auto again = racelab::replay(r.schedule, two_threads_spin_for_ever);
    EXPECT_EQ(again.failure, Failure::step_limit) << again.message;
    EXPECT_EQ(again.trace, r.trace);
  }
}

TEST(Fairness, DfsExhaustedCoversSchedulesThatContinueAfterAYield) {
  // T1: [yield;] x = 1.  T2: reads x. With no preemption at all T1 may run to its end
  // first, so T2 reads 1 in some schedule, yield or not.
  for (bool with_yield : {false, true}) {
    for (int bound : {0, 1}) {
      std::set<int> seen;
      Options o = with(Strategy::dfs, 100000);
      o.preemption_bound = bound;
      const auto r = racelab::explore(o, [&] {
        racelab::atomic<int> x{0, "x"};
        int read = -1;
        racelab::thread t1([&] {
          if (with_yield) racelab::yield();
          x.store(1);
        });
        racelab::thread t2([&] { read = x.load(); });
        t1.join();
        t2.join();
        seen.insert(read);
      });
      EXPECT_FALSE(r.failed()) << r.message;
      EXPECT_TRUE(r.exhausted) << "yield " << with_yield << ", bound " << bound;
      EXPECT_EQ(seen, (std::set<int>{0, 1})) << "yield " << with_yield << ", bound " << bound;
    }
  }
}

// --- Identity: a managed thread is a thread of its own -----------------------------------

thread_local int t_calls = 0;

TEST(Identity, EachManagedThreadHasFreshThreadLocalsAndItsOwnId) {
  const std::thread::id caller = std::this_thread::get_id();
  const auto r = racelab::explore(with(Strategy::pct, 3, 0), [caller] {
    const std::thread::id body = std::this_thread::get_id();
    int calls[2] = {0, 0};
    std::thread::id inside[2];
    std::thread::id handle[2];
    for (int i = 0; i < 2; ++i) {  // spawn, join, spawn, join
      racelab::thread t([&, i] {
        calls[i] = ++t_calls;
        inside[i] = std::this_thread::get_id();
      });
      handle[i] = t.get_id();
      t.join();
    }
    racelab::check(calls[0] == 1 && calls[1] == 1,
                   "every managed thread starts with fresh thread_locals");
    racelab::check(inside[0] != inside[1], "two threads of one schedule have different ids");
    for (const std::thread::id& id : inside) {
      racelab::check(id != caller, "a managed thread's id is not the caller's");
      racelab::check(id != body, "a managed thread's id is not the body's");
    }
    racelab::check(handle[0] == inside[0] && handle[1] == inside[1],
                   "get_id() of the handle is the id seen inside the thread");
  });
  EXPECT_FALSE(r.failed()) << r.message;
  EXPECT_EQ(r.iterations, 3);
  EXPECT_EQ(t_calls, 0) << "the caller's thread_local is untouched";
}

// Adds one to *counter when its thread ends.
struct CountsWhenItsThreadEnds {
  racelab::atomic<int>* counter = nullptr;
  ~CountsWhenItsThreadEnds() {
    if (counter != nullptr) counter->fetch_add(1);
  }
};
thread_local CountsWhenItsThreadEnds t_counts_when_its_thread_ends;

TEST(Identity, ThreadLocalDestructorsRunWhileTheThreadIsStillManaged) {
  const auto r = racelab::explore(with(Strategy::dfs), [] {
    racelab::atomic<int> ended{0, "ended"};
    racelab::thread t([&] { t_counts_when_its_thread_ends.counter = &ended; });
    t.join();
    racelab::check(ended.load() == 1, "the thread_local's destructor ran before join() returned");
  });
  EXPECT_FALSE(r.failed()) << "no misuse about an unmanaged thread\n" << r.message;
  EXPECT_TRUE(r.exhausted);
}

void take_ownership(std::unique_ptr<int> p, int* out) {
  *out = *p;
}

// One thread gets a move-only lambda, the other a move-only argument.
int run_move_only_threads() {
  int from_lambda = 0;
  int from_argument = 0;
  racelab::thread a([p = std::make_unique<int>(1), &from_lambda] { from_lambda = *p; });
  racelab::thread b(take_ownership, std::make_unique<int>(2), &from_argument);
  a.join();
  b.join();
  return 10 * from_lambda + from_argument;
}

TEST(Identity, MoveOnlyCallablesAndArgumentsAreAccepted) {
  EXPECT_EQ(run_move_only_threads(), 12) << "outside an exploration";
  const auto r = racelab::explore(with(Strategy::dfs), [] {
    racelab::check(run_move_only_threads() == 12, "both threads saw their unique_ptr");
  });
  EXPECT_FALSE(r.failed()) << r.message;
  EXPECT_TRUE(r.exhausted);
}

TEST(Identity, SwapAndNativeHandleWorkAsForStdThread) {
  // Outside an exploration: a std::thread underneath.
  racelab::thread running([] {}), empty;
  const racelab::thread::id running_id = running.get_id();
  racelab::swap(running, empty);
  EXPECT_FALSE(running.joinable());
  EXPECT_TRUE(empty.joinable());
  EXPECT_EQ(empty.get_id(), running_id);
  EXPECT_NE(empty.native_handle(), racelab::thread::native_handle_type{});
  if (empty.joinable()) empty.join();

  const auto r = racelab::explore(with(Strategy::dfs), [] {
    pthread_t ran_on[2] = {};
    racelab::thread a([&] { ran_on[0] = pthread_self(); });
    racelab::thread b([&] { ran_on[1] = pthread_self(); });
    const racelab::thread::id id_a = a.get_id(), id_b = b.get_id();
    const racelab::thread::native_handle_type handle_a = a.native_handle();
    const racelab::thread::native_handle_type handle_b = b.native_handle();
    a.swap(b);
    racelab::check(a.get_id() == id_b && b.get_id() == id_a, "swap() exchanges the threads");
    racelab::check(a.managed_number() == 2 && b.managed_number() == 1,
                   "swap() exchanges the managed numbers");
    racelab::swap(a, b);
    racelab::check(a.get_id() == id_a && b.get_id() == id_b, "racelab::swap() swaps them back");
    a.join();
    b.join();
    const bool same_a = pthread_equal(handle_a, ran_on[0]) != 0;
    const bool same_b = pthread_equal(handle_b, ran_on[1]) != 0;
    racelab::check(same_a && same_b, "native_handle() is the pthread the callable ran on");
  });
  EXPECT_FALSE(r.failed()) << r.message;
}

// --- LockOrder: what counts as a cycle ----------------------------------------------------

// Created before any exploration, shared by every schedule (as a global in the reproducer).
racelab::mutex g_shared{"shared"};

void private_and_shared_in_opposite_orders() {
  auto own_then_shared = [] {
    racelab::mutex mine{"private_a"};
    std::lock_guard<racelab::mutex> a(mine);
    std::lock_guard<racelab::mutex> b(g_shared);
  };
  auto shared_then_own = [] {
    racelab::mutex mine{"private_b"};
    std::lock_guard<racelab::mutex> b(g_shared);
    std::lock_guard<racelab::mutex> a(mine);
  };
  racelab::thread t1(own_then_shared), t2(shared_then_own);
  t1.join();
  t2.join();
}

TEST(LockOrder, PrivateMutexesOfDifferentThreadsNeverAlias) {
  Options o = with(Strategy::dfs, 10000);
  o.preemption_bound = 2;
  const auto r = racelab::explore(o, private_and_shared_in_opposite_orders);
  EXPECT_FALSE(r.failed()) << r.message;
  EXPECT_TRUE(r.exhausted);
  const auto again = racelab::replay(r.schedule, private_and_shared_in_opposite_orders);
  EXPECT_FALSE(again.failed()) << again.message;
}

// Three philosophers at a round table: philosopher i takes fork i, then fork i+1 (mod 3),
// so the forks are taken in a cycle. With `gated`, each first locks one common gate.
void dining_philosophers(bool gated) {
  racelab::mutex gate{"gate"};
  std::deque<racelab::mutex> forks;
  for (const char* name : {"fork0", "fork1", "fork2"})
    forks.emplace_back(name);
  auto eat = [&](std::size_t i) {
    std::lock_guard<racelab::mutex> left(forks[i]);
    std::lock_guard<racelab::mutex> right(forks[(i + 1) % forks.size()]);
  };
  auto philosopher = [&](std::size_t i) {
    if (!gated) {
      eat(i);
      return;
    }
    std::lock_guard<racelab::mutex> g(gate);
    eat(i);
  };
  std::vector<racelab::thread> table;
  for (std::size_t i = 0; i < forks.size(); ++i)
    table.emplace_back(philosopher, i);
  for (auto& t : table)
    t.join();
}

TEST(LockOrder, ACycleTakenUnderACommonGateLockIsNotReported) {
  // Every schedule takes the whole cycle, so a false report would come in the first few;
  // the iteration cap keeps the test short (the gated space is large).
  Options o = with(Strategy::dfs, 1000);
  o.preemption_bound = 2;
  const auto gated = racelab::explore(o, [] { dining_philosophers(true); });
  EXPECT_FALSE(gated.failed()) << gated.message;

  const auto ungated = racelab::explore(o, [] { dining_philosophers(false); });
  EXPECT_TRUE(ungated.failure == Failure::lock_order_inversion ||
              ungated.failure == Failure::deadlock)
      << racelab::to_string(ungated.failure) << "\n"
      << ungated.message;
}

// --- Replay: every Result replays ---------------------------------------------------------

TEST(Replay, EveryFailureKindReplaysToTheSameFailureAndTrace) {
  for (const failing_program& p : failing_programs()) {
    SCOPED_TRACE(p.name);
    Options o = with(Strategy::pct, 1000, 7);
    o.max_steps = p.max_steps;
    const auto found = racelab::explore(o, p.body);
    EXPECT_EQ(found.failure, p.failure) << found.message;

    const auto again = racelab::replay(found.schedule, p.body);
    EXPECT_EQ(again.failure, found.failure) << again.message;
    EXPECT_EQ(again.schedule, found.schedule);
    EXPECT_EQ(again.trace, found.trace);
  }
}

TEST(Replay, AFailureBeforeAnyStepReplays) {
  auto lone = [] { racelab::check(false, "fails before any scheduling point"); };
  const auto found = racelab::explore(with(Strategy::pct, 3, 0), lone);
  ASSERT_EQ(found.failure, Failure::check) << found.message;
  EXPECT_EQ(found.schedule.substr(0, found.schedule.find(';')), "v1:") << found.schedule;

  const auto again = racelab::replay(found.schedule, lone);
  EXPECT_EQ(again.failure, Failure::check) << again.message;
  EXPECT_EQ(again.trace, found.trace);

  const auto bare = racelab::replay("v1:", lone);
  EXPECT_EQ(bare.failure, Failure::check) << bare.message;
}

// --- CarriedState --------------------------------------------------------------------------

// Used by CarriedState only: racelab remembers an atomic created in a schedule for as long
// as it lives, across explorations, so any other user of this flag would start from the
// state this test leaves behind.
int configured_value() {
  static int value = 0;
  static racelab::once_flag flag;
  racelab::call_once(flag, [] { value = 42; });
  return value;
}

TEST(CarriedState, AStaticOnceFlagGetsTheSameVerdictUnderEveryStrategy) {
  for (Strategy s : {Strategy::dfs, Strategy::dpor, Strategy::pct}) {
    const auto r = racelab::explore(with(s, 100, 0), [] {
      racelab::thread a([] { racelab::check(configured_value() == 42, "a"); });
      racelab::thread b([] { racelab::check(configured_value() == 42, "b"); });
      a.join();
      b.join();
    });
    EXPECT_EQ(r.failure, Failure::misuse) << racelab::to_string(s) << "\n" << r.message;
    EXPECT_NE(r.message.find("state carried over between schedules"), npos) << r.message;
    EXPECT_NE(r.message.find("once_flag"), npos) << "names what carried the state\n" << r.message;
  }
}

// --- Unmanaged ------------------------------------------------------------------------------

TEST(Unmanaged, AStdThreadUsingARacelabMutexIsReportedAsMisuse) {
  // Under TSan the unmanaged thread's real lock and the managed thread's
  // modelled one meet on the same mutex, which TSan itself reports, when the
  // timing lets them overlap, as a double lock: the misuse shown twice.
  if (racelab::detail::tsan::enabled) GTEST_SKIP() << "TSan reports this misuse on its own";
  const auto r = racelab::explore(with(Strategy::pct, 5, 0), [] {
    racelab::mutex m{"m"};
    // std::atomic: m does not exclude the plain thread, and the test itself must not race.
    std::atomic<long> counter{0};
    std::thread plain([&] {
      for (int i = 0; i < 2000; ++i) {
        std::lock_guard<racelab::mutex> g(m);
        counter.fetch_add(1, std::memory_order_relaxed);
      }
    });
    racelab::thread managed([&] {
      for (int i = 0; i < 200; ++i) {
        std::lock_guard<racelab::mutex> g(m);
        counter.fetch_add(1, std::memory_order_relaxed);
      }
    });
    managed.join();
    plain.join();  // T0 blocks outside racelab here, for the plain thread's few microseconds
    racelab::check(counter.load() == 2200, "every increment under m counted");
  });
  ASSERT_EQ(r.failure, Failure::misuse) << r.message;
  EXPECT_NE(r.message.find("does not manage"), npos) << r.message;
  EXPECT_NE(r.message.find("used m ("), npos) << "names the mutex\n" << r.message;
  EXPECT_EQ(r.iterations, 1);
}

// --- Values -----------------------------------------------------------------------------------

struct Pair {
  int a;
  int b;
};

TEST(Values, TracesShowFloatingPointAndSmallStructValues) {
  const auto r = racelab::explore(with(Strategy::pct, 1, 0), [] {
    racelab::atomic<double> d{1.0, "d"};
    racelab::atomic<Pair> p{Pair{1, 2}, "p"};
    racelab::thread t([&] {
      d.store(2.5);
      p.store(Pair{3, 4});
    });
    t.join();
    racelab::check(false, "show the trace");
  });
  ASSERT_EQ(r.failure, Failure::check) << r.message;
  EXPECT_NE(r.trace.find("store d = 2.5"), npos) << r.trace;
  EXPECT_NE(r.trace.find("store p = {03 00 00 00 04 00 00 00}"), npos) << r.trace;
}

}  // namespace

namespace {

// The operators and the thread constructor have no room for a defaulted
// source_location; their steps still name the caller's line.
TEST(Values, OperatorsAndSpawnsCarryTheCallersLine) {
  const int first = __LINE__ + 4;
  const auto r = racelab::explore(with(Strategy::pct, 1), [] {
    racelab::atomic<int> x{0, "x"};
    auto body = [&] {
      x++;
      x = 7;
      const int v = x;
      x += v;
    };
    racelab::thread t(body);
    t.join();
    racelab::check(false, "show the trace");
  });
  ASSERT_EQ(r.failure, Failure::check) << r.message;
  const struct {
    const char* step;
    int line;
  } expected[] = {{"fetch_add x(1) 0 -> 1", first},
                  {"store x = 7", first + 1},
                  {"load x -> 7", first + 2},
                  {"fetch_add x(7) 7 -> 14", first + 3},
                  {"spawn T1", first + 5}};
  for (const auto& e : expected) {
    const auto at = r.trace.find(e.step);
    ASSERT_NE(at, npos) << e.step << "\n" << r.trace;
    const std::string row = r.trace.substr(at, r.trace.find('\n', at) - at);
    EXPECT_NE(row.find("trust_test.cpp:" + std::to_string(e.line)), npos) << row;
  }
}

}  // namespace

namespace {

// A check that fails in a destructor while an exception unwinds cannot
// throw (that would call std::terminate): its thread stops there for good,
// and the schedule ends with the check's failure.
TEST(AbortPath, AFailedCheckWhileUnwindingStopsItsThreadInsteadOfTerminating) {
  struct checks_on_exit {
    ~checks_on_exit() { racelab::check(false, "checked while unwinding"); }
  };
  const auto r = racelab::explore(with(Strategy::pct, 1), [] {
    racelab::thread t([] {
      try {
        checks_on_exit guard;
        throw std::runtime_error("unwinding");
      } catch (const std::runtime_error&) {
      }
    });
    t.join();
  });
  EXPECT_EQ(r.failure, Failure::check) << r.message;
  EXPECT_NE(r.message.find("checked while unwinding"), npos) << r.message;
  EXPECT_NE(r.message.find("left behind"), npos) << r.message;
  EXPECT_FALSE(racelab::explore(with(Strategy::dfs), two_atomic_increments).failed());
}

}  // namespace
