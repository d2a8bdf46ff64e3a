// scheduler: runs schedules of one exploration (internal).
//
// Invariants of a controlled schedule:
//  - Every managed thread, the body's T0 included, runs on an execution
//    context of its own (a fresh OS thread). The thread that called
//    explore() is the controller: it starts T0, then only waits for the
//    schedule to end and watches for lack of progress. It never runs the
//    program, so it can always return.
//  - Exactly one managed thread holds the turn and runs; the others are
//    parked in await_turn(). Every primitive operation is a step: the thread
//    announces it (pending), the strategy picks who performs the next step
//    among the threads fairness offers (enabled ones: a thread whose
//    operation cannot proceed, a held mutex, an un-notified wait, a join of
//    a running thread, is not enabled), and the picked thread performs it.
//  - All scheduler state is guarded by `lock_` and touched only inside a
//    tsan::invisible_scope. No reference into objects_ or threads_ is kept
//    across a scheduling point: other threads change them meanwhile.
//
// After a failure (why the abort path terminates):
//  1. Drain. The failure is recorded; nothing is thrown through the
//     program. The remaining threads keep running under the scheduler,
//     round robin, with strategy, trace, further failures and
//     ThreadSanitizer muted, so they finish as the program would (joins,
//     destructors and all). Only a failed racelab::check() throws, in its
//     own thread, as an assertion does. Draining is bounded: at most
//     max_steps scheduling points, and the controller's no-progress
//     watchdog bounds the time between two of them.
//  2. Abandon, when draining cannot finish (no thread can run, the step
//     budget is spent, or the watchdog fired). The schedule is marked
//     abandoned and the controller returns the Result. Every thread of an
//     abandoned schedule is parked for ever at its next scheduling point
//     (those parked already are never handed the turn again), so none of
//     them runs another line of the program or touches another schedule.
//     The scheduler and everything its threads reference are kept alive;
//     what leaks is bounded by one schedule per failed exploration.
//  Each step of both phases either reaches a scheduling point (counted
//  against the budget) or is cut off by the watchdog, so explore() returns.
#pragma once

#include <array>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "biased_lock.hpp"
#include "execution_backend.hpp"
#include "fairness.hpp"
#include "lock_order_graph.hpp"
#include "memory_model.hpp"
#include "object_names.hpp"
#include "racelab/options.hpp"
#include "strategy.hpp"
#include "trace.hpp"
#include "tsan.hpp"

// Inline members are racelab's own code too (tsan.hpp).
RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {

class scheduler;
class perturber;

class thread_record {
 public:
  struct held_lock {
    const void* mutex;
    source_location at;
  };

  scheduler* owner = nullptr;    // the controlled schedule it belongs to
  perturber* perturb = nullptr;  // or the perturb run
  int number = 0;
  std::unique_ptr<thread_body> body;
  std::unique_ptr<execution_context> context;
  turn slot;
  bool finished = false;
  bool released = false;  // joined or detached: no racelab::thread owns it any more
  bool stopped = false;   // never runs again (a failed check while unwinding, a destroyed object)
  bool muted = false;     // ThreadSanitizer ignores it (draining after a failure)
  bool on_fiber = false;  // it runs on the fiber backend (no OS thread of its own)
  op_kind pending = op_kind::start;
  const void* pending_object = nullptr;
  thread_record* pending_target = nullptr;
  source_location pending_at;
  // What the announced step touches besides pending_object (step_access.hpp):
  // an atomic's access (pending == atomic), a wait's mutex or a reacquire's
  // condition variable (pending == wait / reacquire).
  bool pending_write = true;
  std::memory_order pending_order = std::memory_order_seq_cst;
  const void* pending_second = nullptr;
  // Its load in progress read an older store: the step of the store it did
  // not see (0: it read the latest).
  int stale_of_step = 0;
  bool notified = false;       // woken from a condition variable wait (or spuriously)
  bool spurious_wake = false;  // its wait ends by a spurious wake-up
  // fairness effects count at its last spurious event: another needs an
  // effect of some thread in between, which keeps every space finite.
  std::uint64_t spurious_at = ~std::uint64_t{0};
  bool timed_wait = false;  // its wait may also end by timing out
  std::vector<held_lock> held;
  std::uint64_t rng = 0;  // perturb: this thread's delay generator
  char start_token = 0;   // TSan: spawn releases, start acquires
  char finish_token = 0;  // TSan: finish releases, join acquires
  char park_token = 0;    // TSan: parking releases, an abandoned schedule's end acquires
};

class scheduler {
 public:
  scheduler(const Options& options, strategy& strategy, execution_backend& backend,
            std::chrono::milliseconds stuck_after);
  scheduler(const scheduler&) = delete;
  scheduler& operator=(const scheduler&) = delete;

  // Called by the controller: runs `body` once as T0 under the strategy's
  // current schedule and returns when it has ended or been abandoned.
  void run(const std::function<void()>& body, int schedule_number);

  Failure failure() const { return failure_; }
  bool failed() const { return failure_ != Failure::none; }
  // After a replay that ran to the end: the schedule string had other steps.
  void fail_replay_length(std::size_t expected_steps);
  const std::string& message() const { return message_; }
  const std::vector<int>& picks() const { return picks_; }
  const trace& steps() const { return trace_; }
  int step_count() const { return static_cast<int>(picks_.size()); }
  // The controller's no-progress watchdog while the loop over schedules
  // runs on the backend's own thread (execution_backend::run_controller):
  // true once the schedule is abandoned, the backend then orphaned.
  bool watch_remotely(std::chrono::steady_clock::time_point& since, long& seen);
  execution_backend& backend() const { return backend_; }
  // True when some thread of the last schedule never finished: this
  // scheduler must then never be destroyed (its threads are parked in it).
  bool abandoned() const { return abandoned_; }

  // --- entry points, called by the calling managed thread `self` ---------
  void object_created(thread_record& self, const void* object, object_tag tag, source_location loc);
  void object_destroyed(thread_record& self, const void* object, object_tag tag);
  void lock(thread_record& self, const void* m, object_tag tag, source_location loc);
  bool try_lock(thread_record& self, const void* m, object_tag tag, source_location loc);
  // False when the thread did not hold `m` (a reported misuse).
  bool unlock(thread_record& self, const void* m, object_tag tag, source_location loc);
  // False when the thread did not hold `m` (a reported misuse; no wait).
  bool wait(thread_record& self, const void* cv, object_tag tag, const void* m, object_tag mtag,
            bool timed, source_location loc);
  // Returns true when a timed wait ended by timing out (no notify).
  bool relock_after_wait(thread_record& self, const void* cv, const void* m, source_location loc);
  void notify(thread_record& self, const void* cv, object_tag tag, bool all, source_location loc);
  void atomic_created(thread_record& self, const void* object, value_text initial);
  // `write`: the operation may store (all but a load); dpor's dependence.
  void atomic_before(thread_record& self, const void* object, bool write, std::memory_order order,
                     source_location loc);
  void atomic_after(thread_record& self, const atomic_access& access, source_location loc);
  // Options::memory_model == rc11 (memory_model.hpp): which store a load
  // reads (a choice the strategy explores), stores, fences.
  bool weak_memory() const { return options_.memory_model == MemoryModel::rc11; }
  void atomic_load_choice(thread_record& self, const void* object, std::memory_order order,
                          void* value, std::size_t size);
  bool atomic_stored(thread_record& self, const void* object, std::memory_order order,
                     const void* previous, const void* value, std::size_t size, bool rmw,
                     void* keep);
  void atomic_fence(thread_record& self, std::memory_order order);
  // After atomic_before of a compare_exchange_weak whose value matches:
  // whether it fails spuriously this time (a choice the strategy explores).
  bool cas_fails_spuriously(thread_record& self);
  thread_record* spawn(thread_record& self, std::unique_ptr<thread_body> fn, source_location loc);
  // False for a reported misuse (nothing to join).
  bool join(thread_record& self, thread_record* target, source_location loc);
  void detach(thread_record& self, thread_record* target, source_location loc);
  void destroyed_joinable(thread_record& self, thread_record* target);
  void yield(thread_record& self, source_location loc);
  // Fails the schedule; then throws abort_schedule, or, where throwing would
  // call std::terminate (during unwinding), stops the thread for ever.
  [[noreturn]] void check_failed(thread_record& self, const char* what, source_location loc);
  // A failed assertion of a test framework (GoogleTest): fails the schedule
  // as a failed check does, but returns; the framework decides what next.
  void assertion_failed(thread_record& self, const std::string& what, source_location loc);
  void exception_escaped(thread_record& self, const std::string& what);
  void unmanaged_use(const void* object, const char* what, source_location loc);
  // Unmodified code (racelab::intercept) called by a thread on the fiber
  // backend, which cannot run it faithfully: fails the schedule as misuse.
  void unmodified_code_on_fiber(thread_record& self, const char* what);
  // --- operations of unmodified code (racelab::intercept) ----------------
  // scheduler_events.cpp. A shared_mutex is a mutex (lock/try_lock/unlock
  // take it exclusively) that lock_shared may hold in several threads.
  void lock_shared(thread_record& self, const void* m, object_tag tag, source_location loc);
  bool try_lock_shared(thread_record& self, const void* m, object_tag tag, source_location loc);
  // False when the thread did not hold `m` shared (a reported misuse).
  bool unlock_shared(thread_record& self, const void* m, object_tag tag, source_location loc);
  // Whether `self` holds `m` (exclusively).
  bool holds(const thread_record& self, const void* m);
  // A wait without a mutex, on an event whose state lives in program memory
  // (a futex word, a semaphore, a barrier, a once_flag): after the
  // scheduling point, with the turn held, `blocked()` says whether the
  // thread has to wait at all. If so it waits for signal_event() (or a
  // spurious wake-up, or, when `timed`, a time-out) in a second step.
  // Checking and starting to wait are one step: no wake-up is lost.
  enum class wait_outcome : std::uint8_t { not_blocked, woken, timed_out };
  wait_outcome wait_event(thread_record& self, const void* event, object_tag tag, bool timed,
                          const std::function<bool()>& blocked, source_location loc);
  // One step on `event` whose outcome `test()` decides, with the turn held,
  // recorded as a try_lock (a semaphore's trywait).
  bool try_event(thread_record& self, const void* event, object_tag tag,
                 const std::function<bool()>& test, source_location loc);
  // Wakes one (any one of them, as notify_one) or all waiters of `event`.
  void signal_event(thread_record& self, const void* event, object_tag tag, bool all,
                    source_location loc);
  // Whether some thread waits on `event` (no scheduling point: a wake-up
  // nobody waits for has no effect, and is not a step).
  bool has_waiters(thread_record& self, const void* event);
  // A plain memory access of code built with racelab_instrument: a read
  // (quiet) or a write of `size` bytes at `address`, named `name`.
  void memory_access(thread_record& self, const void* address, bool write, const char* name,
                     source_location loc);
  // A sleep: a quiet step, no real wait.
  void sleep(thread_record& self, source_location loc);
  // The managed thread of this schedule whose OS thread is `handle`.
  thread_record* find_thread(std::thread::native_handle_type handle);

  // The last step of a managed thread, taken as its OS thread ends.
  void finish_thread(thread_record& self);

 private:
  struct object_state {
    object_kind kind;
    int name = -1;   // index into trace_.names
    int serial = 0;  // identity within the schedule (lock-order graph)
    thread_record* owner = nullptr;
    int depth = 0;
    int readers = 0;  // shared_mutex: threads holding it shared
    source_location created;
    std::deque<thread_record*> waiters;
  };
  using guard = std::unique_lock<biased_lock>;
  struct atomic_info {
    int name = -1;         // index into trace_.names; -1: not named yet
    bool fresh = false;    // constructed in this schedule
    bool checked = false;  // check_carried_over() has seen it
    int schedule = 0;      // schedule_ when it was last touched: older ones are stale
  };
  // This schedule's entry for the atomic at `address`. Entries stay in
  // atomics_ across schedules (the body's atomics come back at the same
  // addresses, and a node allocation per atomic and schedule is a tenth of a
  // fiber schedule's cost); one from an earlier schedule starts afresh.
  atomic_info& atomic_info_of(const void* address) {
    atomic_info& info = atomics_[address];
    if (info.schedule != schedule_) info = atomic_info{.schedule = schedule_};
    return info;
  }
  // Its name in this schedule's trace, -1 when it has none.
  int atomic_name_of(const void* address) const {
    const auto it = atomics_.find(address);
    return it != atomics_.end() && it->second.schedule == schedule_ ? it->second.name : -1;
  }

  // T0's body: the explored function, called through a pointer. One object
  // serves every schedule (t0_body_ between them): no allocation per schedule.
  struct explored_body final : thread_body {
    const std::function<void()>* body = nullptr;
    void run() override { (*body)(); }
  };

  std::unique_ptr<thread_record> new_record();
  void managed_entry(thread_record& self);
  // Takes the finish step; returns whether the thread was muted.
  bool finish_step(thread_record& self);

  // The scheduling point: announce, pick, hand over, wait for the turn.
  void point(guard& g, thread_record& self, op_kind kind, const void* object, source_location loc,
             thread_record* target = nullptr);
  // Whether `t` can take its announced step; the common case (a step that
  // cannot block) inline, the rest in enabled_blocking().
  bool enabled(const thread_record& t) const {
    if (t.finished || t.stopped) return false;
    switch (t.pending) {
      case op_kind::lock:
      case op_kind::reacquire:
      case op_kind::lock_shared:
      case op_kind::wake:
        return enabled_blocking(t);
      case op_kind::join:
        return t.pending_target->finished;
      default:
        return true;
    }
  }
  bool enabled_blocking(const thread_record& t) const;
  void enabled_threads(std::vector<int>& out) const;
  // What `t`'s announced step touches (step_access.hpp), for dpor.
  step_access access_of(const thread_record& t) const;
  // The name of the 8-byte word at `address` in accesses: its order of first
  // appearance in this schedule (1, 2, ...). dpor keeps a thread's next
  // access at a decision and compares it with the steps of later schedules
  // that share the prefix: the same object then has the same name, whatever
  // address it has in each run (a thread record renewed for another thread,
  // a heap block under AddressSanitizer, a stack taken from a pool).
  const void* canonical(const void* address) const;
  // Whether `t` holds the mutex `m` (a recursive mutex it locks again).
  bool owns(const thread_record& t, const void* m) const;
  void show_pending_steps();
  void switch_to(guard& g, thread_record& self, thread_record& next);
  void await_turn(guard& g, thread_record& self);
  // A finished or stopped thread hands the turn on, or ends the schedule.
  void leave(guard& g);
  // Ends the schedule without finishing it. The controller is told when the
  // calling thread parks (park() or leave()), after its park_token release.
  void abandon(const std::string& why);
  // The calling thread stops for ever, its past released on its park_token.
  [[noreturn]] void park(guard& g, thread_record& self);
  void end_schedule();
  // Once the schedule has failed, ThreadSanitizer ignores the thread.
  void mute_if_failed(thread_record& self);
  // What the step `kind` on `object` synchronizes in the memory model, and
  // where the model's happens-before edges go (scheduler_memory.cpp).
  void model_synchronizes(thread_record& self, op_kind kind, const void* object);
  void connect_memory_model();

  void fail(Failure kind, std::string message);
  void fail_deadlock();
  void fail_step_limit();
  // The strategy's answer to a choice of `count` at the current step,
  // recorded in the schedule; 0 once the schedule has failed.
  int choose_answer(int count);
  // Whether a spurious event may happen to `self` now (see spurious_at).
  bool spurious_allowed(const thread_record& self) const;
  // Who performs the next step; -1 when nobody can (the schedule is then
  // failed as a deadlock, or abandoned if it had already failed).
  int choose();
  void note_reports(thread_record& self);

  object_state& object(const void* address, object_tag tag, source_location created = {});
  object_state* find_object(const void* address);
  int atomic_name(const void* address, const char* name, const char* fallback = "atomic");
  std::string object_name(const object_state& o) const;
  void record(thread_record& self, op_kind kind, int object = -1, int other = -1, bool ok = true);
  // Fails the schedule when an atomic that outlives schedules starts one
  // with another value than it started the first with. Called for an atomic
  // neither fresh nor checked yet in this schedule.
  void check_carried_over(thread_record& self, atomic_info& info, const atomic_access& a,
                          source_location loc);
  // The trace took step `s` of `self`: fairness counts it. An effect, the
  // common step, inline.
  void stepped(thread_record& self, const trace_step& s) {
    if (quiet(s)) {
      stepped_quietly(self, s);
      return;
    }
    fairness_.stepped(self.number, false, false, 0);
    previous_yielded_ = false;
  }
  void stepped_quietly(thread_record& self, const trace_step& s);
  std::string last_operation(const thread_record& t) const;
  // The no-progress watchdog; never throws (a report it cannot build for
  // want of memory waits for the next poll).
  void watch(std::chrono::steady_clock::time_point& since, long& seen);

  const Options options_;
  strategy& strategy_;
  const bool wants_steps_;  // strategy_.wants_steps()
  execution_backend& backend_;
  std::chrono::milliseconds stuck_after_;

  biased_lock lock_;         // biased to the fiber backend's carrier (run())
  bool bias_tried_ = false;  // run() on the loop's thread, without the lock
  turn done_;                // handed to the controller when the schedule ends
  std::vector<std::unique_ptr<thread_record>> threads_;  // [0] is the body
  // Records of finished threads of earlier schedules, renewed by
  // new_record() (no allocation per thread; not under the sanitizers, see
  // run()); records of threads that never finished (stopped for ever) are
  // kept alive and never reused.
  std::vector<std::unique_ptr<thread_record>> spare_, kept_;
  std::unique_ptr<thread_body> t0_body_;  // an explored_body, while no T0 holds it
  std::unordered_map<const void*, object_state> objects_;
  std::unordered_map<const void*, atomic_info> atomics_;  // atomic_info_of()'s
  const void* last_atomic_ = nullptr;                     // atomic_after()'s last lookup
  atomic_info* last_info_ = nullptr;
  // Every atomic's value at the start of the first schedule that used it:
  // its first value if a schedule created it, else what its first access
  // read (kept across the schedules of the exploration).
  std::unordered_map<const void*, std::pair<value_text, int>> first_reads_;
  std::atomic<bool> unmanaged_reported_{false};
  int object_serial_ = 0;
  std::array<int, 8> kind_names_{};  // per object_kind: how many were named
  int atomic_names_ = 0;
  std::vector<int> picks_;
  std::vector<int> runnable_, offered_;   // choose()'s scratch, kept to save allocations
  std::vector<thread_record*> finished_;  // end_schedule()'s
  mutable std::unordered_map<const void*, const void*> canonical_;  // canonical()'s, per schedule
  trace trace_;
  fairness fairness_;
  memory_model model_;
  lock_order_graph lock_order_;
  int previous_ = -1;
  bool previous_yielded_ = false;
  int schedule_ = 0;
  long progress_ = 0;
  long drain_steps_ = 0;
  int reports_at_start_ = 0;
  bool abandoned_ = false;
  bool done_pending_ = false;  // abandoned: the controller is still to be told
  Failure failure_ = Failure::none;
  std::string message_;
};

// Called by explore() with the schedule string of each schedule this
// process counts as its own (tests of sharding); null: not called.
extern void (*schedule_observer)(const std::string& schedule);

// The exploration in progress, if any (set by explore()/replay()).
scheduler* active_scheduler() noexcept;
void set_active_scheduler(scheduler* s) noexcept;

// Called first thing on a managed thread's OS thread (of a controlled or a
// perturb run): its finish step then runs as the thread ends, after the
// program's own thread_local destructors.
void finish_at_exit(thread_record& self);

// Starts a new schedule_serial(); called as each schedule begins.
void next_schedule_serial() noexcept;

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
