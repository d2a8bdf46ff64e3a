// scheduler: runs schedules of one exploration (internal).
//
// Invariants of a controlled schedule:
//  - Exactly one managed thread holds the turn and runs; the others are
//    parked in await() on their own turn. The body runs as T0 on the thread
//    that called explore(); T1, T2, ... run on pooled OS threads.
//  - Every primitive operation is a step: the thread announces it (pending),
//    the strategy picks who performs the next step among the enabled threads,
//    and the picked thread performs its pending operation. A thread whose
//    pending operation cannot proceed (a held mutex, an un-notified wait, a
//    join of a running thread) is not enabled.
//  - All scheduler state is guarded by `lock_` and touched only inside a
//    tsan::invisible_scope.
//  - After a failure the schedule is aborted: no more strategy decisions;
//    parked threads are woken one at a time and unwound by abort_schedule
//    thrown from their scheduling point (or, where throwing is not allowed,
//    let through leniently); every finished thread hands the turn to T0,
//    which drains the rest. If some thread makes no progress for a few
//    seconds (blocked outside racelab), the schedule switches to free run:
//    everyone is woken at once and T0 waits a bounded time for them.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "execution_backend.hpp"
#include "lock_order_graph.hpp"
#include "racelab/options.hpp"
#include "spin_lock.hpp"
#include "strategy.hpp"
#include "trace.hpp"

namespace racelab::detail {

class thread_record {
 public:
  struct held_lock {
    const void* mutex;
    source_location at;
  };

  int number = 0;
  std::function<void()> fn;
  turn slot;
  bool finished = false;
  bool released = false;  // joined or detached: no racelab::thread owns it any more
  op_kind pending = op_kind::start;
  const void* pending_object = nullptr;
  thread_record* pending_target = nullptr;
  source_location pending_at;
  bool notified = false;    // woken from a condition variable wait
  bool timed_wait = false;  // its wait may also end by timing out
  std::vector<held_lock> held;
  std::uint64_t rng = 0;  // perturb: this thread's delay generator
  char start_token = 0;   // TSan: spawn releases, start acquires
  char finish_token = 0;  // TSan: finish releases, join acquires
};

class scheduler {
 public:
  scheduler(const Options& options, strategy& strategy, execution_backend& backend,
            lock_order_graph& lock_order, std::chrono::milliseconds stuck_after);
  scheduler(const scheduler&) = delete;
  scheduler& operator=(const scheduler&) = delete;

  // Runs `body` once as T0 under the strategy's current schedule.
  void run(const std::function<void()>& body, int schedule_number);

  Failure failure() const { return failure_; }
  bool failed() const { return failure_ != Failure::none; }
  // After a replay that ran to the end: the schedule string had other steps.
  void fail_replay_length(const std::string& schedule);
  const std::string& message() const { return message_; }
  const std::vector<int>& picks() const { return picks_; }
  const trace& steps() const { return trace_; }
  int step_count() const { return static_cast<int>(picks_.size()); }
  // True when a thread could not be unwound and still runs: this scheduler
  // must then never be destroyed.
  bool abandoned() const { return abandoned_; }

  // --- entry points, called by the calling managed thread `self` ---------
  void object_created(thread_record& self, const void* object, object_tag tag, source_location loc);
  void object_destroyed(thread_record& self, const void* object, object_tag tag);
  // Returns false when the operation was let through after an abort (do not
  // tell TSan about it).
  bool lock(thread_record& self, const void* m, object_tag tag, source_location loc);
  int try_lock(thread_record& self, const void* m, object_tag tag, source_location loc);
  bool unlock(thread_record& self, const void* m, object_tag tag, source_location loc);
  bool wait(thread_record& self, const void* cv, object_tag tag, const void* m, object_tag mtag,
            bool timed, source_location loc);
  // Returns true when a timed wait ended by timing out (no notify).
  bool relock_after_wait(thread_record& self, const void* cv, const void* m, source_location loc);
  void notify(thread_record& self, const void* cv, object_tag tag, bool all, source_location loc);
  void atomic_before(thread_record& self, const void* object, source_location loc);
  void atomic_after(thread_record& self, const atomic_access& access, source_location loc);
  thread_record* spawn(thread_record& self, std::function<void()> fn, source_location loc);
  bool join(thread_record& self, thread_record* target, source_location loc);
  void detach(thread_record& self, thread_record* target, source_location loc);
  void destroyed_joinable(thread_record& self, thread_record* target);
  void yield(thread_record& self, source_location loc);
  void check_failed(thread_record& self, const char* what, source_location loc);
  void exception_escaped(thread_record& self, const std::string& what);

 private:
  struct object_state {
    object_kind kind;
    int name = -1;    // index into trace_.names
    std::string key;  // lock-order identity, stable across schedules
    thread_record* owner = nullptr;
    int depth = 0;
    source_location created;
    std::deque<thread_record*> waiters;
  };
  using guard = std::unique_lock<spin_lock>;

  void managed_entry(thread_record& self);
  void finish_body(thread_record& self);
  void finish_thread(thread_record& self);

  // The scheduling point: announce, pick, hand over, wait for the turn.
  // Returns false when the schedule is aborted and the op is let through.
  bool point(guard& g, thread_record& self, op_kind kind, const void* object, source_location loc,
             thread_record* target = nullptr);
  bool enabled(const thread_record& t) const;
  std::vector<int> enabled_threads() const;
  void switch_to(guard& g, thread_record& self, thread_record& next);
  void await_turn(guard& g, thread_record& self);
  // A finished thread hands the turn on (to T0 after a failure).
  void leave(guard& g);
  void drain(guard& g, thread_record& self);
  [[noreturn]] void unwind(guard& g);
  bool may_throw(op_kind kind) const;

  void fail(Failure kind, std::string message);
  void fail_deadlock();
  // Asks the strategy who performs the next step and records the pick;
  // -1 when none can (the schedule is then failed and aborted).
  int choose();
  void note_reports(thread_record& self);

  object_state& object(const void* address, object_tag tag, source_location created = {});
  int atomic_name(const void* address, const char* name);
  std::string object_name(const object_state& o) const;
  void record(thread_record& self, op_kind kind, int object = -1, int other = -1, bool ok = true);
  std::string last_operation(const thread_record& t) const;

  const Options& options_;
  strategy& strategy_;
  execution_backend& backend_;
  lock_order_graph& lock_order_;
  std::chrono::milliseconds stuck_after_;

  spin_lock lock_;
  std::vector<std::unique_ptr<thread_record>> threads_;  // [0] is the body
  std::unordered_map<const void*, object_state> objects_;
  std::unordered_map<const void*, int> atomics_;
  int created_objects_ = 0;
  int mutex_names_ = 0, cv_names_ = 0, atomic_names_ = 0;
  std::vector<int> picks_;
  trace trace_;
  int previous_ = -1;
  int schedule_ = 0;
  long progress_ = 0;
  int reports_at_start_ = 0;
  bool aborted_ = false;
  bool free_run_ = false;
  bool abandoned_ = false;
  Failure failure_ = Failure::none;
  std::string message_;
};

// Starts a new schedule_serial(); called as each schedule begins.
void next_schedule_serial() noexcept;

// The exploration in progress, if any (set by explore()/replay()).
scheduler* active_scheduler() noexcept;
void set_active_scheduler(scheduler* s) noexcept;

}  // namespace racelab::detail
