// The fiber backend (lib/src/fiber_backend.cpp): the same verdicts, schedules
// and replays as the OS-thread backend, each fiber with its own exception
// state and id, failures that leave the process usable, and the code fibers
// cannot run faithfully reported instead of judged. The whole harness suite
// also runs on fibers (harness_test.on_fibers, tests/lib/CMakeLists.txt).
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <exception>
#include <functional>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <racelab/gtest.hpp>
#include <racelab/harness.hpp>

#include "execution_backend.hpp"
#include "fiber_carrier.hpp"
#include "programs.hpp"
#include "tsan.hpp"

namespace {

using racelab::Backend;
using racelab::Failure;
using racelab::Strategy;

racelab::Options on(Backend backend, Strategy strategy, int iterations = 1000) {
  racelab::Options o;
  o.backend = backend;
  o.strategy = strategy;
  o.iterations = iterations;
  o.seed = 7;
  return o;
}

// Explorations and replays must not depend on the environment's backend.
class Fibers : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* b = std::getenv("RACELAB_BACKEND")) saved_ = b;
    ::unsetenv("RACELAB_BACKEND");
  }
  void TearDown() override {
    if (saved_.empty()) {
      ::unsetenv("RACELAB_BACKEND");
    } else {
      ::setenv("RACELAB_BACKEND", saved_.c_str(), 1);
    }
  }

 private:
  std::string saved_;
};

TEST_F(Fibers, FindTheLostUpdateAndItsReplayRunsTheSameStepsOnEitherBackend) {
  const auto found =
      racelab::explore(on(Backend::fibers, Strategy::dfs), racelab_test::lost_update);
  ASSERT_EQ(found.failure, Failure::check) << found.message;
  const auto on_threads = racelab::replay(found.schedule, racelab_test::lost_update);
  ::setenv("RACELAB_BACKEND", "fibers", 1);
  const auto on_fibers = racelab::replay(found.schedule, racelab_test::lost_update);
  ::unsetenv("RACELAB_BACKEND");
  EXPECT_EQ(on_threads.failure, Failure::check);
  EXPECT_EQ(on_fibers.failure, Failure::check);
  EXPECT_EQ(on_threads.trace, found.trace);
  EXPECT_EQ(on_fibers.trace, found.trace);
}

TEST_F(Fibers, TheFixedTwinIsExhaustedCleanInAsManySchedulesAsOnThreads) {
  auto fixed = [] { racelab_test::atomic_increments(2, 3); };
  for (Strategy s : {Strategy::dfs, Strategy::dpor}) {
    const auto threads = racelab::explore(on(Backend::threads, s, 100000), fixed);
    const auto fibers = racelab::explore(on(Backend::fibers, s, 100000), fixed);
    EXPECT_FALSE(fibers.failed()) << fibers.message;
    EXPECT_TRUE(fibers.exhausted);
    EXPECT_EQ(fibers.iterations, threads.iterations) << racelab::to_string(s);
  }
}

TEST_F(Fibers, EveryStrategyRunsTheSameSchedulesAsOnThreads) {
  for (Strategy s : {Strategy::random, Strategy::pct, Strategy::dfs, Strategy::dpor}) {
    const auto threads = racelab::explore(on(Backend::threads, s, 200), racelab_test::lost_update);
    const auto fibers = racelab::explore(on(Backend::fibers, s, 200), racelab_test::lost_update);
    EXPECT_EQ(fibers.failure, threads.failure) << racelab::to_string(s);
    EXPECT_EQ(fibers.iterations, threads.iterations) << racelab::to_string(s);
    EXPECT_EQ(fibers.trace, threads.trace) << racelab::to_string(s);
  }
}

// Each fiber has its own exceptions in flight and in handling: the C++
// runtime keeps them per OS thread, and the backend swaps them at switches.
TEST_F(Fibers, EachThreadHasItsOwnExceptionsWhileOthersRunInBetween) {
  const auto r = racelab::explore(on(Backend::fibers, Strategy::dpor, 100000), [] {
    racelab::mutex m{"m"};
    auto handler = [&m](int mine) {
      try {
        throw mine;
      } catch (int seen) {
        m.lock();  // a scheduling point inside the handler
        m.unlock();
        racelab::check(seen == mine, "the handler sees its own exception");
        try {
          throw;  // rethrows the exception this thread handles
        } catch (int again) {
          racelab::check(again == mine, "a rethrow rethrows this thread's exception");
        }
      }
    };
    struct unwinding {
      racelab::mutex& m;
      ~unwinding() {
        m.lock();  // a scheduling point while this thread unwinds
        racelab::check(std::uncaught_exceptions() == 1, "its own exception is in flight");
        m.unlock();
      }
    };
    auto unwinder = [&m] {
      try {
        unwinding u{m};
        throw std::runtime_error("unwind");
      } catch (const std::runtime_error&) {
      }
      racelab::check(std::uncaught_exceptions() == 0, "nothing left in flight");
    };
    racelab::thread a(handler, 1);
    racelab::thread b(handler, 2);
    racelab::thread c(unwinder);
    racelab::check(std::uncaught_exceptions() == 0, "the body has no exception in flight");
    a.join();
    b.join();
    c.join();
  });
  EXPECT_FALSE(r.failed()) << r.message;
  EXPECT_TRUE(r.exhausted);
}

TEST_F(Fibers, ThreadsHaveIdsOfTheirOwn) {
  const auto r = racelab::explore(on(Backend::fibers, Strategy::pct, 3), [] {
    racelab::thread a([] {});
    racelab::thread b([] {});
    racelab::check(a.get_id() != b.get_id(), "two fibers have different ids");
    racelab::check(a.get_id() != std::thread::id{}, "a joinable fiber's id is not the empty id");
    racelab::check(a.get_id() != std::this_thread::get_id(), "nor the OS thread's");
    a.join();
    b.join();
  });
  EXPECT_FALSE(r.failed()) << r.message;
}

TEST_F(Fibers, ADeepStackFits) {
  const auto r = racelab::explore(on(Backend::fibers, Strategy::pct, 3), [] {
    racelab::thread t([] {
      volatile char buffer[128 * 1024];
      buffer[0] = 1;
      buffer[sizeof buffer - 1] = 1;
      racelab::check(buffer[0] == buffer[sizeof buffer - 1], "the buffer is usable");
    });
    t.join();
  });
  EXPECT_FALSE(r.failed()) << r.message;
}

// Stacks are reused by later fibers and, past the reserve kept between
// explorations (16), freed; under AddressSanitizer each carries the fake
// stack of its last fiber (frames of locals whose address escapes) to the
// next one, or frees it with the stack (fiber_stacks.hpp). Every frame is
// still its own: each thread's locals keep their values across switches.
TEST_F(Fibers, StacksAndTheirFramesAreReusedAndFreedPastTheReserve) {
  auto many = [] {
    std::vector<racelab::thread> workers;
    racelab::atomic<int> sum{0};
    for (int t = 0; t < 20; ++t) {
      workers.emplace_back([&sum, t] {
        int mine[4] = {t, t, t, t};
        volatile int* escaped = mine;
        racelab::yield();
        sum.fetch_add(escaped[0] + escaped[3]);
      });
    }
    for (auto& w : workers)
      w.join();
    racelab::check(sum.load() == 2 * (19 * 20 / 2), "every frame kept its locals");
  };
  for (int round = 0; round < 3; ++round) {
    const auto r = racelab::explore(on(Backend::fibers, Strategy::pct, 20), many);
    EXPECT_FALSE(r.failed()) << r.message;
    EXPECT_EQ(r.iterations, 20);
  }
}

// Failures in the middle of a schedule (a deadlock, whose threads stay
// parked, and a check failing while its thread unwinds) end the
// exploration, and the next one runs normally.
TEST_F(Fibers, AFailureInTheMiddleLeavesTheProcessUsable) {
  const auto deadlock =
      racelab::explore(on(Backend::fibers, Strategy::dfs), racelab_test::opposite_lock_order);
  EXPECT_TRUE(deadlock.failure == Failure::deadlock ||
              deadlock.failure == Failure::lock_order_inversion)
      << deadlock.message;
  const auto unwinding = racelab::explore(on(Backend::fibers, Strategy::dfs), [] {
    racelab::mutex m{"m"};
    racelab::thread t([&] {
      struct fails_in_destructor {
        ~fails_in_destructor() { racelab::check(false, "failed while unwinding"); }
      };
      try {
        fails_in_destructor f;
        throw std::runtime_error("unwind");
      } catch (...) {
      }
    });
    m.lock();
    m.unlock();
    t.join();
  });
  EXPECT_EQ(unwinding.failure, Failure::check) << unwinding.message;
  const auto next = racelab::explore(on(Backend::fibers, Strategy::dpor, 100000),
                                     [] { racelab_test::atomic_increments(2, 2); });
  EXPECT_FALSE(next.failed()) << next.message;
  EXPECT_TRUE(next.exhausted);
}

// The OS thread an exploration's fibers run on (its carrier) is kept for the
// next exploration (fiber_carrier.hpp): fibers see the carrier's OS thread id.
// An idle carrier ends after 200 ms; here it waits an hour, so that a slow
// machine cannot make the next exploration start a new one.
TEST_F(Fibers, TheNextExplorationRunsOnTheSameCarrier) {
  racelab::detail::set_carrier_idle_limit(std::chrono::hours(1));
  auto carrier_of_one_exploration = [] {
    std::thread::id seen;
    const auto r = racelab::explore(on(Backend::fibers, Strategy::pct, 3), [&seen] {
      racelab::thread t([&seen] { seen = std::this_thread::get_id(); });
      t.join();
    });
    EXPECT_FALSE(r.failed()) << r.message;
    return seen;
  };
  const std::thread::id first = carrier_of_one_exploration();
  EXPECT_NE(first, std::this_thread::get_id());
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(carrier_of_one_exploration(), first) << "exploration " << i + 2;
  racelab::detail::set_carrier_idle_limit(std::chrono::milliseconds(200));
}

// The caller's watchdog throwing (its report needs memory) while the loop
// runs on the carrier: the caller keeps waiting for the loop, which ends
// normally, instead of leaving it running over state the caller destroys.
TEST_F(Fibers, AWatchdogThatThrowsLetsTheLoopFinish) {
  const auto backend = racelab::detail::make_fiber_backend();
  std::atomic<int> watched{0};
  std::atomic<bool> go_on{false};
  bool loop_ended = false;
  const std::function<void()> loop = [&] {
    while (!go_on.load())
      std::this_thread::yield();
    loop_ended = true;
  };
  const std::function<bool()> watch = [&] {
    if (watched.fetch_add(1) == 0) throw std::bad_alloc();
    go_on = true;  // the second look lets the loop end
    return false;
  };
  bool ran = false;
  EXPECT_NO_THROW(ran = backend->run_controller(loop, watch, std::chrono::milliseconds(1)));
  EXPECT_TRUE(ran);
  EXPECT_TRUE(loop_ended);
  EXPECT_GE(watched.load(), 2);
  // And the process explores on as before.
  const auto r = racelab::explore(on(Backend::fibers, Strategy::pct), racelab_test::lost_update);
  EXPECT_EQ(r.failure, Failure::check) << r.message;
}

// The loop wakes its caller ahead of its end (schedules_left()), then runs on
// far past its estimate, as a stuck last schedule would: the caller, spinning
// and then (past its spin limit) asleep again, still looks at it every poll,
// so a schedule stuck after the early wake is still caught.
TEST_F(Fibers, WokenAheadOfTheEndTheCallerStillLooksAtALoopThatRunsOn) {
  const auto backend = racelab::detail::make_fiber_backend();
  std::atomic<int> watched{0};
  const std::function<void()> loop = [&] {
    for (int i = 0; i < 64; ++i)
      backend->schedules_left(1);  // looks at the clock twice: the end seems near
    while (watched.load() < 20)
      std::this_thread::yield();
  };
  const std::function<bool()> watch = [&] {
    watched.fetch_add(1);
    return false;
  };
  bool ran = false;
  EXPECT_NO_THROW(ran = backend->run_controller(loop, watch, std::chrono::milliseconds(1)));
  EXPECT_TRUE(ran);
  EXPECT_GE(watched.load(), 20);
  // And the process explores on as before.
  const auto r = racelab::explore(on(Backend::fibers, Strategy::pct), racelab_test::lost_update);
  EXPECT_EQ(r.failure, Failure::check) << r.message;
}

// A child process forked after fiber explorations (idle carriers in the
// parent, which the child does not have) explores on fibers too, instead of
// handing its exploration to a thread that is not there.
TEST_F(Fibers, AForkedChildExploresOnFibers) {
  if (racelab::detail::tsan::enabled) GTEST_SKIP() << "TSan does not start threads after fork";
  const auto before = racelab::explore(on(Backend::fibers, Strategy::dfs),
                                       [] { racelab_test::atomic_increments(2, 1); });
  ASSERT_FALSE(before.failed()) << before.message;
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const auto r = racelab::explore(on(Backend::fibers, Strategy::dfs),
                                    [] { racelab_test::atomic_increments(2, 1); });
    std::_Exit(!r.failed() && r.exhausted ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST_F(Fibers, TheEnvironmentChoosesTheBackendAndABadValueIsAClearError) {
  ::setenv("RACELAB_BACKEND", "fibers", 1);
  EXPECT_EQ(racelab::options_from_environment().backend, Backend::fibers);
  ::setenv("RACELAB_BACKEND", "green-threads", 1);
  try {
    (void)racelab::options_from_environment();
    ADD_FAILURE() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("RACELAB_BACKEND=\"green-threads\" is not one of threads, "
                                         "fibers"),
              std::string::npos)
        << e.what();
  }
  ::unsetenv("RACELAB_BACKEND");
}

// Under ThreadSanitizer a stack keeps its TSan fiber for every fiber that
// runs on it (fiber_stacks.hpp): after hundreds of reuses, within an
// exploration and across explorations, an unsynchronized pair of writes is
// still a race in every schedule, and the locked twin still none.
TEST_F(Fibers, ReusedTsanFibersStillSeeEveryRaceAndNoFalseOne) {
  if (!racelab::detail::tsan::enabled) GTEST_SKIP() << "only ThreadSanitizer judges races";
  auto locked = [] {
    int counter = 0;
    racelab::mutex m{"m"};
    auto increment = [&] {
      std::lock_guard<racelab::mutex> hold(m);
      counter = counter + 1;
    };
    racelab::thread a(increment), b(increment);
    a.join();
    b.join();
    racelab::check(counter == 2, "both increments");
  };
  auto racy = [] {
    int counter = 0;
    auto increment = [&] { counter = counter + 1; };
    racelab::thread a(increment), b(increment);
    a.join();
    b.join();
  };
  const auto clean = racelab::explore(on(Backend::fibers, Strategy::pct, 300), locked);
  EXPECT_FALSE(clean.failed()) << clean.message;
  for (int round = 0; round < 30; ++round) {
    const auto r = racelab::explore(on(Backend::fibers, Strategy::pct, 10), racy);
    ASSERT_EQ(r.failure, Failure::data_race) << "round " << round << "\n" << r.message;
    EXPECT_EQ(r.iterations, 1) << "unsynchronized writes race in every schedule";
  }
  const auto again = racelab::explore(on(Backend::fibers, Strategy::pct, 300), locked);
  EXPECT_FALSE(again.failed()) << again.message;
  EXPECT_EQ(again.iterations, 300);
}

thread_local int t_shared_on_fibers = 0;

// Fibers share the OS thread's thread_locals. ThreadSanitizer sees two
// fibers write one without synchronization, and racelab says what that
// means (misuse: explore with threads), not that the program races. In the
// tsan build this test runs where a TSan report is expected.
TEST_F(Fibers, AThreadLocalWrittenByTwoFibersIsReportedAsMisuseUnderTsan) {
  if (!racelab::detail::tsan::enabled) GTEST_SKIP() << "only ThreadSanitizer can see it";
  const auto r = racelab::explore(on(Backend::fibers, Strategy::dfs), [] {
    racelab::thread a([] { ++t_shared_on_fibers; });
    racelab::thread b([] { ++t_shared_on_fibers; });
    a.join();
    b.join();
  });
  EXPECT_EQ(r.failure, Failure::misuse) << r.message;
  EXPECT_NE(r.message.find("thread_local"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("RACELAB_BACKEND=threads"), std::string::npos) << r.message;
}

}  // namespace
