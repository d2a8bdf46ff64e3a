// Options and results of an exploration.
//
// Options says how schedules are chosen; Result says what the exploration found.
// Plain value types: copy them freely, no thread-safety concerns.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace racelab {

// Which enabled thread runs next.
enum class Strategy {
  random,   // uniform choice among enabled threads at every step
  pct,      // probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010)
  dfs,      // systematic depth-first enumeration, optionally preemption-bounded
  dpor,     // dfs with partial-order reduction: one schedule per class of equivalent ones
  perturb,  // threads run in parallel; every scheduling point injects a seeded delay
};

enum class MemoryModel { sequentially_consistent, rc11 };

// How managed threads run (lib/src/execution_backend.hpp).
enum class Backend {
  threads,  // an OS thread each, handed the turn by futex: faithful for any code
  fibers,   // fibers on one OS thread, switched in user space: many times faster,
            // but managed threads share the OS thread's thread_locals and
            // std::this_thread::get_id(), and unmodified std/pthread code
            // (racelab::intercept) cannot run on them (README, "Backends")
};

struct Options {
  Strategy strategy = Strategy::pct;
  std::uint64_t seed = 0;
  int iterations = 1000;  // schedules to run at most
  int pct_depth = 2;      // bug depth d: d-1 priority change points per schedule
  // dfs: every schedule with at most this many preemptions; dpor: every class
  // of equivalent schedules that has one (bounded partial-order reduction,
  // checked against dfs on generated programs; README). -1 = unbounded.
  int preemption_bound = -1;
  int max_steps = 100000;  // steps per schedule before Failure::step_limit

  // What the C++ standard allows and bugs hide behind, explored as choices
  // (dfs and dpor count each unusual answer against preemption_bound) and replayed:
  bool spurious_wakeups = true;       // condition_variable::wait may return unnotified
  bool spurious_cas_failures = true;  // compare_exchange_weak may fail on a match
  bool any_waiter = true;             // notify_one may wake any waiter, not the oldest
  // Which values racelab::atomic loads may return: the latest store only
  // (sequentially_consistent), or any store C++20 allows (rc11: relaxed,
  // acquire and release loads may read older stores; lib/src/memory_model.hpp).
  MemoryModel memory_model = MemoryModel::sequentially_consistent;
  Backend backend = Backend::threads;
  // This process runs shard `shard_index` of `total_shards` of the
  // exploration (README, "Spreading an exploration over CI shards"): random
  // and pct run the schedule numbers g with (g - 1) % total_shards ==
  // shard_index, dfs and dpor the subtrees of their own prefixes.
  int total_shards = 1;
  int shard_index = 0;
};

enum class Failure {
  none,
  check,                 // racelab::check(false, ...) in some thread
  deadlock,              // no thread can run, yet some have not finished
  lock_order_inversion,  // the lock-order graph over racelab mutexes has a cycle
  exception,             // an exception escaped a managed thread or the body
  data_race,             // ThreadSanitizer reported during the schedule (tsan builds)
  step_limit,            // a schedule ran past Options::max_steps (livelock, spin)
  misuse,                // a primitive was used against its contract
};

std::string_view to_string(Failure failure) noexcept;
std::string_view to_string(Strategy strategy) noexcept;

struct Result {
  Failure failure = Failure::none;
  std::string message;     // what went wrong, ending with the command that replays it
  std::string schedule;    // replay string of the failing (or last) schedule
  std::string trace;       // numbered steps and a swimlane view of that schedule
  int iterations = 0;      // schedules run, up to and including a failing one
  bool exhausted = false;  // dfs covered every schedule within the bound, dpor every class

  bool failed() const noexcept { return failure != Failure::none; }
};

}  // namespace racelab
