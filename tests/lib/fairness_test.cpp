// fairness (lib/src/fairness.hpp): which threads count as spinning, so that
// strategies let the others run first.
#include <gtest/gtest.h>

#include <racelab/harness.hpp>

#include "fairness.hpp"

namespace {

using racelab::detail::fairness;

constexpr bool quiet = true;
constexpr bool not_a_yield = false;

fairness two_threads() {
  fairness f;
  f.reset(1000);
  f.thread_created(0);
  f.thread_created(1);
  return f;
}

TEST(Fairness, RepeatingAnUnchangedReadIsSpinning) {
  fairness f = two_threads();
  f.stepped(0, quiet, not_a_yield, 7);
  EXPECT_FALSE(f.spinning(0));
  f.stepped(0, quiet, not_a_yield, 7);
  EXPECT_TRUE(f.spinning(0));
  EXPECT_EQ(f.offered({0, 1}), std::vector<int>{1});
}

TEST(Fairness, AnotherThreadsEffectEndsTheSpin) {
  fairness f = two_threads();
  f.stepped(0, quiet, not_a_yield, 7);
  f.stepped(0, quiet, not_a_yield, 7);
  f.stepped(1, !quiet, not_a_yield, 0);
  EXPECT_FALSE(f.spinning(0));
}

// Under the memory model a load that read an older value is progress the
// thread can make alone: its next read may see a newer value.
TEST(Fairness, AStaleReadRestartsOnlyItsOwnThreadsWindows) {
  fairness f = two_threads();
  f.stepped(1, quiet, not_a_yield, 9);
  f.stepped(1, quiet, not_a_yield, 9);
  f.stepped(0, quiet, not_a_yield, 7);
  f.stepped(0, quiet, not_a_yield, 7);
  ASSERT_TRUE(f.spinning(0));
  f.stepped(0, quiet, not_a_yield, 8, /*stale=*/true);
  EXPECT_FALSE(f.spinning(0));
  EXPECT_TRUE(f.spinning(1)) << "a stale read changes nothing another thread observes";
  f.stepped(0, quiet, not_a_yield, 7);
  EXPECT_FALSE(f.spinning(0)) << "its window started again at the stale read";
  f.stepped(0, quiet, not_a_yield, 7);
  EXPECT_TRUE(f.spinning(0)) << "a real spin is recognised again";
}

// The exploration this is for: Peterson's lock with the turn taken by an
// acq_rel exchange. A waiting thread may read an older turn and must not be
// taken for a spinner while the other, which holds the lock, is as well;
// otherwise dfs runs each such schedule up to the fair-mode step and finds
// one more schedule per step (tens of thousands instead of about 700).
TEST(Fairness, AWaitThatReadAnOlderValueIsExhaustedPromptly) {
  racelab::Options o;
  o.strategy = racelab::Strategy::dfs;
  o.preemption_bound = 2;
  o.iterations = 5000;
  o.memory_model = racelab::MemoryModel::rc11;
  const racelab::Result r = racelab::explore(o, [] {
    racelab::atomic<bool> flag[2] = {{false, "flag0"}, {false, "flag1"}};
    racelab::atomic<int> turn{0, "turn"};
    auto enter_and_leave = [&](int me) {
      const int other = 1 - me;
      flag[me].store(true, std::memory_order_release);
      turn.exchange(other, std::memory_order_acq_rel);
      while (flag[other].load(std::memory_order_acquire) &&
             turn.load(std::memory_order_acquire) == other)
        racelab::yield();
      flag[me].store(false, std::memory_order_release);
    };
    racelab::thread t([&] { enter_and_leave(1); });
    enter_and_leave(0);
    t.join();
  });
  EXPECT_FALSE(r.failed()) << r.message;
  EXPECT_TRUE(r.exhausted) << r.iterations << " schedules without exhausting them";
}

}  // namespace
