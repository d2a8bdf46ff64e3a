// fairness: which enabled threads a strategy may pick, so that correct
// waiting loops end under every strategy (internal).
//
// A thread that waits by spinning (re-reading an atomic, yielding, failing a
// try_lock or a compare_exchange, a timed wait that times out) makes no
// progress until another thread changes something. Strategies that prefer
// one thread (pct's priorities, dfs's "continue the running thread first")
// would let such a thread spin for ever and report a livelock in correct
// code. Following fair stateless model checking (Musuvathi and Qadeer, PLDI
// 2008), a thread that makes no progress gets lower priority until others
// have run:
//
//  - A step is *quiet* when it cannot change what another thread observes:
//    an atomic load, a read-modify-write or compare_exchange that leaves the
//    value as it was, a failed try_lock, a yield, a timed wait and its
//    timing out. Every other step is an *effect*.
//  - A thread is *spinning* when, since the last effect of any thread, it
//    has repeated a quiet step it already took in that window (same
//    operation, object, source line and value read): it can only go round
//    the same loop again until someone changes something. For a yield() the
//    window ends only at another thread's effect: passing the same yield
//    twice while nobody else changed anything is waiting, even if the
//    thread locked and unlocked a mutex in between (a polling loop).
//  - Under the memory model (memory_model.hpp) a load that read an older
//    value is not a repeat: the thread's next read of that location may see
//    a newer one with nobody changing anything, so the thread's own windows
//    start again. It ends: a thread reads old values of a location at most
//    kStaleReadsInARow times in a row, and each newest value it reads
//    leaves one entry fewer that it may read, so without others' effects its
//    stale reads run out and a real spin is recognised again.
//  - offered() leaves spinning threads out while any other enabled thread
//    exists. If every enabled thread spins, all are offered: a real livelock
//    then runs into Options::max_steps and is reported as step_limit.
//  - From step `fair_after` of a schedule on (half of max_steps), only the
//    least recently run enabled thread is offered (round robin), so that a
//    wait the rules above cannot recognise (polling a flag under a mutex)
//    still ends.
//
// Schedules that make progress are not changed: pct keeps its probabilistic
// guarantee for them, and dfs explores every schedule within its bound in
// which no thread repeats an unchanged read while another could run (a
// bounded spin of k iterations is explored up to its second iteration).
// Deterministic: offered() depends only on the steps reported, so a replay
// offers what the original run offered.
//
// Not thread-safe: the scheduler calls it under its lock.
#pragma once

#include <cstdint>
#include <vector>
#include "tsan.hpp"

// Inline members are racelab's own code too (tsan.hpp).
RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {

class fairness {
 public:
  void reset(long fair_after);
  void thread_created(int thread);
  // Thread `thread` took a step; `signature` identifies a quiet step;
  // `stale`: a load that read an older value (memory_model.hpp).
  void stepped(int thread, bool quiet, bool yield, std::uint64_t signature, bool stale = false) {
    if (quiet || stale || static_cast<std::size_t>(thread) >= size_) {
      stepped_otherwise(thread, quiet, yield, signature, stale);
      return;
    }
    // An effect, the common step, inline: it starts the thread's read window again.
    thread_state& t = threads_[static_cast<std::size_t>(thread)];
    t.last_ran = ++steps_;
    ++effects_;
    ++t.own_effects;
    t.reads.clear();
    t.repeating_read = false;
    t.reads_since = effects_;
  }
  // The threads the strategy may pick from; `enabled` is ascending, non-empty.
  std::vector<int> offered(const std::vector<int>& enabled) const;
  // The same into `out` (its storage is reused: no allocation per step).
  void offered(const std::vector<int>& enabled, std::vector<int>& out) const;
  bool spinning(int thread) const;
  bool fair_mode() const noexcept { return steps_ >= fair_after_; }
  // Whether offered() may leave an enabled thread out: false until some
  // thread repeats a quiet step in this schedule (or fair mode starts), and
  // offered() is then `enabled` itself (choose() skips the copy).
  bool may_restrict() const noexcept { return any_repeating_ || fair_mode(); }
  // How many effects all threads have taken in this schedule.
  std::uint64_t effects() const noexcept { return effects_; }

 private:
  struct thread_state {
    std::uint64_t own_effects = 0;     // effects it took itself
    std::uint64_t reads_since = 0;     // effects_ when its read window began
    std::vector<std::uint64_t> reads;  // signatures of its quiet steps since
    bool repeating_read = false;
    std::uint64_t yields_since = 0;     // others' effects when its yield window began
    std::vector<std::uint64_t> yields;  // signatures of its yields since
    bool repeating_yield = false;
    long last_ran = -1;
  };
  // A quiet or stale step, or one of a thread not known yet.
  void stepped_otherwise(int thread, bool quiet, bool yield, std::uint64_t signature, bool stale);
  void remember(std::vector<std::uint64_t>& window, bool& repeating, std::uint64_t signature);
  static constexpr std::size_t kWindow = 64;

  std::vector<thread_state> threads_;  // [0, size_) are this schedule's; the rest are spare
  std::size_t size_ = 0;
  std::uint64_t effects_ = 0;
  long steps_ = 0;
  long fair_after_ = 0;
  bool any_repeating_ = false;  // some thread's window repeated in this schedule
};

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
