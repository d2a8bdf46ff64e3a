// Strategies: which enabled thread runs next (internal).
//
// A strategy sees only thread numbers. At every step the scheduler calls
// pick() with the threads fairness offers (enabled ones, ascending, never
// empty; fairness.hpp leaves spinning threads out), the thread that ran the
// previous step (-1 at the first step) and whether that step was a
// racelab::yield() (switching away from it is then no preemption); pick()
// returns one of the offered threads. Strategies are deterministic functions
// of their seed and of what they were shown, which is what makes "same
// seed, same schedules" hold. A new strategy is one file implementing this interface
// plus its factory here; nothing else changes.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "step_access.hpp"

namespace racelab::detail {

// A thread as the scheduler sees it before a pick: whether it could run
// (fairness aside) and what its next step touches.
struct pending_step {
  bool enabled = false;
  step_access next;
};

class strategy {
 public:
  virtual ~strategy() = default;

  // Prepares the next schedule. False when there is none left (dfs done).
  virtual bool begin_schedule() = 0;
  virtual int pick(const std::vector<int>& offered, int previous, bool yielded) = 0;
  // Strategies that reason about dependence (dpor) say so; the scheduler
  // then calls observe() right before each pick() with every thread of the
  // schedule, indexed by thread number (finished ones disabled). Asked once,
  // as the scheduler is made: the answer is the strategy's for good.
  virtual bool wants_steps() const { return false; }
  virtual void observe(const std::vector<pending_step>& /*threads*/) {}
  // What else the C++ standard leaves open at this step (a spurious wake-up,
  // a spurious compare_exchange_weak failure, which waiter notify_one wakes):
  // returns 0..count-1 (count >= 2); 0 is what happens when nothing unusual
  // does (no spurious event, the longest waiting waiter).
  virtual int choose(int count) = 0;
  // A thread was created; it may run from the next step on.
  virtual void thread_created(int /*thread*/) {}
  // The schedule ended after `steps` steps.
  virtual void end_schedule(int /*steps*/) {}
  // True once every schedule in the space was run (dfs, dpor).
  virtual bool exhausted() const { return false; }

  // Sharding (explore.cpp: shards of one exploration in separate processes
  // run, together, the schedules one process would, each counted once).
  // Seeded strategies (random, pct) draw schedule number g from (seed, g)
  // alone: explore() hands each shard its own numbers through seek(g). pct
  // also needs schedule 1 in every shard (its step estimate comes from it).
  virtual bool seeded() const { return false; }
  virtual void seek(int /*schedule*/) {}
  virtual bool needed_by_every_shard(int /*schedule*/) const { return false; }
  // Systematic strategies split their tree by prefixes: each schedule
  // belongs to one shard, and a shard also runs the few schedules it needs
  // to learn the tree's top levels. counted(), after a schedule: whether it
  // belongs to this shard.
  virtual void shard(int /*total*/, int /*index*/) {}
  virtual bool counted() const { return true; }
  virtual std::string describe() const = 0;
};

// The offered threads in the order systematic strategies try them: the
// previously running one first (continuing it is no preemption), except
// right after its yield(): then the others first and it last.
inline std::vector<int> preference_order(const std::vector<int>& offered, int previous,
                                         bool yielded) {
  std::vector<int> out;
  out.reserve(offered.size());
  const bool has_previous = std::find(offered.begin(), offered.end(), previous) != offered.end();
  if (has_previous && !yielded) out.push_back(previous);
  for (int t : offered) {
    if (t != previous) out.push_back(t);
  }
  if (has_previous && yielded) out.push_back(previous);
  return out;
}

// How a systematic search (dfs, dpor) splits its tree over shards: a
// schedule's prefix is its first kLevel branching decisions (two or more
// options). Prefixes are numbered in the order the depth-first search meets
// them, which every shard's search shares, and prefix n belongs to shard
// n mod total. A shard runs the schedules under its own prefixes, skips the
// others' at the split level, and runs one schedule (not counted) through
// each node above it to learn the options there.
struct prefix_shards {
  static constexpr int kLevel = 3;
  int total = 1;
  int index = 0;
  int next = 0;          // the number the next prefix met gets
  bool owned = true;     // the current schedule's prefix is this shard's
  bool assigned = true;  // the current schedule's prefix has its number

  bool sharded() const { return total > 1; }
  // Numbers the prefix the current schedule is in; true when it is ours.
  bool claim() {
    assigned = true;
    owned = total == 1 || next++ % total == index;
    return owned;
  }
  // A branching decision at `level` was pushed: the split level numbers it.
  void reached(int level) {
    if (sharded() && level == kLevel) claim();
  }
  // Backtracking meets a decision at `level`: true when it lies inside a
  // subtree another shard owns (drop it).
  bool foreign(int level) const { return sharded() && level > kLevel && !owned; }
  // Another branch was taken at a decision at `level`: whether this shard
  // runs it (false: another shard's, skipped without running).
  bool take_branch(int level) {
    if (!sharded() || level > kLevel) return true;  // same prefix, same owner
    assigned = false;
    return level < kLevel || claim();
  }
  // A schedule with fewer branchings than the split level is its own prefix.
  void end_schedule() {
    if (!assigned) claim();
  }
};

// The seeded strategies' generator: SplitMix64 (Steele, Lea, Flood, "Fast
// splittable pseudorandom number generators", OOPSLA 2014). Reseeded for
// every schedule, which must cost next to nothing (a Mersenne Twister's
// seeding took longer than a small schedule); a UniformRandomBitGenerator.
class schedule_rng {
 public:
  using result_type = std::uint64_t;
  explicit schedule_rng(std::uint64_t seed = 0) : state_(seed) {}
  void seed(std::uint64_t seed) { state_ = seed; }
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  result_type operator()() { return mix(state_ += 0x9e3779b97f4a7c15ULL); }
  static std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t state_;
};

// The generator seed of schedule number `schedule` of an exploration with
// `seed`: schedules are independent of each other.
inline std::uint64_t schedule_seed(std::uint64_t seed, int schedule) {
  return schedule_rng::mix(
      seed ^ schedule_rng::mix(static_cast<std::uint64_t>(schedule) + 0x9e3779b97f4a7c15ULL));
}

std::unique_ptr<strategy> make_random_strategy(std::uint64_t seed);
std::unique_ptr<strategy> make_pct_strategy(std::uint64_t seed, int depth);
std::unique_ptr<strategy> make_dfs_strategy(int preemption_bound);
// One schedule per class of equivalent schedules (step_access.hpp), every
// class run: source-set dynamic partial-order reduction with sleep sets;
// with a preemption bound >= 0, every class that has a schedule within it
// (bounded partial-order reduction; checked on generated programs, not
// proven: dpor_strategy.cpp).
std::unique_ptr<strategy> make_dpor_strategy(int preemption_bound = -1);
// Follows `picks` exactly; throws replay_diverged when the program no longer
// offers the recorded choice. In `picks`, a value v < 0 is the answer -v-1 of
// a choose() (schedule_string.hpp writes it "c<answer>").
std::unique_ptr<strategy> make_replay_strategy(std::vector<int> picks);

struct replay_diverged {
  std::string what;
};

// Thrown by dfs when a prefix it replays offers different threads than when
// it was first run: the body depends on something besides the schedule.
struct nondeterminism {
  std::string what;
};

}  // namespace racelab::detail
