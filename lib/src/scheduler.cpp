// The scheduler's life cycle of one schedule: the controller's side (start,
// watch, end), a managed thread's start and finish, the scheduling point,
// and the abort path (drain, abandon) described in scheduler.hpp.
#include "scheduler.hpp"

#include <algorithm>
#include <exception>

#include "location_text.hpp"
#include "perturber.hpp"
#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {
namespace {

constexpr auto kSchedulePoll = std::chrono::milliseconds(200);
constexpr std::size_t kKeptAtomics = 4096;
constexpr auto kForever = std::chrono::hours(24);
// Scheduling points a failed schedule may take to finish before it is
// abandoned
// (Options::max_steps, at least kMinDrainSteps): a correct program finishes
// a whole schedule within max_steps.
constexpr long kMinDrainSteps = 20000;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
constexpr bool kAddressSanitizer = __has_feature(address_sanitizer);
#else
constexpr bool kAddressSanitizer = false;
#endif

std::atomic<scheduler*> g_active{nullptr};

// The finish step of a managed thread runs from the destructor of this
// thread_local, which each managed thread constructs before it runs any of
// the program: thread_locals are destroyed in the reverse order of their
// construction, so the program's own thread_local destructors run first,
// while the thread is still managed, as they would in a std::thread.
struct finish_at_thread_exit {
  thread_record* self = nullptr;
  ~finish_at_thread_exit() {
    if (self == nullptr) return;
    if (self->owner != nullptr) {
      self->owner->finish_thread(*self);
    } else {
      self->perturb->finish(*self);
    }
  }
};
thread_local finish_at_thread_exit t_finish;

}  // namespace

void finish_at_exit(thread_record& self) {
  t_finish.self = &self;
}

scheduler* active_scheduler() noexcept {
  return g_active.load(std::memory_order_acquire);
}
void set_active_scheduler(scheduler* s) noexcept {
  g_active.store(s, std::memory_order_release);
  g_exploring.store(s != nullptr, std::memory_order_relaxed);
}

scheduler::scheduler(const Options& options, strategy& strategy, execution_backend& backend,
                     std::chrono::milliseconds stuck_after)
    : options_(options),
      strategy_(strategy),
      wants_steps_(strategy.wants_steps()),
      backend_(backend),
      stuck_after_(stuck_after) {
  connect_memory_model();
}

// ---------------------------------------------------------------------------
// The controller's side

void scheduler::run(const std::function<void()>& body, int schedule_number) {
  thread_record* t0 = nullptr;
  {
    tsan::invisible_scope quiet;
    // On fibers this thread (the carrier) takes the lock for every step of
    // every schedule; the caller, watching, rarely (biased_lock.hpp).
    if (!bias_tried_ && !backend_.thread_locals_per_context()) {
      bias_tried_ = true;
      lock_.bias_to_this_thread();
    }
    guard g(lock_);
    // Records are renewed, not reallocated, except under the sanitizers.
    // ThreadSanitizer: a thread started while a failed schedule drains is
    // muted before it acquires its start, so TSan would pair its accesses
    // to a renewed record with an earlier owner's (a false race in
    // racelab's own state); a fresh allocation resets what TSan knows of
    // the memory. AddressSanitizer: a freed record shows a use after it.
    for (auto& t : threads_) {
      if (!t->finished) {
        kept_.push_back(std::move(t));
      } else if (!tsan::enabled && !kAddressSanitizer) {
        spare_.push_back(std::move(t));
      }
    }
    threads_.clear();
    objects_.clear();
    // Addresses of earlier schedules' atomics, kept for the next ones, up to
    // a bound (a body that allocates its atomics may place them anywhere).
    if (atomics_.size() > kKeptAtomics) atomics_.clear();
    last_atomic_ = nullptr;
    canonical_.clear();
    object_serial_ = atomic_names_ = 0;
    model_.reset();
    kind_names_ = {};
    picks_.clear();
    trace_.clear();
    fairness_.reset(std::max(1, options_.max_steps / 2));
    lock_order_.clear();
    previous_ = -1;
    previous_yielded_ = false;
    schedule_ = schedule_number;
    progress_ = drain_steps_ = 0;
    reports_at_start_ = tsan::report_count();
    failure_ = Failure::none;
    message_.clear();
    done_.word.store(0, std::memory_order_relaxed);
    auto record = new_record();
    record->owner = this;
    record->on_fiber = !backend_.thread_locals_per_context();
    if (!t0_body_) t0_body_ = std::make_unique<explored_body>();
    static_cast<explored_body&>(*t0_body_).body = &body;
    record->body = std::move(t0_body_);
    t0 = record.get();
    threads_.push_back(std::move(record));
    strategy_.thread_created(0);
    fairness_.thread_created(0);
  }
  // Everything the caller did happens-before the body.
  tsan::release(&t0->start_token);
  {
    tsan::invisible_scope quiet;
    {
      guard g(lock_);
      t0->context = backend_.launch(t0->slot, [this, t0] { managed_entry(*t0); });
    }
    backend_.give(t0->slot);
    std::chrono::steady_clock::time_point since;  // set by the first watch() (seen != progress_)
    long seen = -1;
    while (!backend_.await(done_, kSchedulePoll)) {
      guard g(lock_);
      watch(since, seen);
      if (abandoned_) break;
    }
  }
  end_schedule();
}

std::unique_ptr<thread_record> scheduler::new_record() {
  if (spare_.empty()) return std::make_unique<thread_record>();
  std::unique_ptr<thread_record> r = std::move(spare_.back());
  spare_.pop_back();
  // Its thread finished and its context was reclaimed (end_schedule()):
  // nothing refers to it any more (never under the sanitizers: run()).
  std::destroy_at(r.get());
  std::construct_at(r.get());
  return r;
}

bool scheduler::watch_remotely(std::chrono::steady_clock::time_point& since, long& seen) {
  std::vector<const char*> tokens;
  {
    tsan::invisible_scope quiet;
    guard g(lock_);
    watch(since, seen);
    if (!abandoned_) return false;
    backend_.orphan();
    try {
      for (const auto& t : threads_)
        tokens.push_back(t->finished ? &t->finish_token : &t->park_token);
    } catch (...) {
      return true;  // abandoned all the same; only TSan's view of the threads' past is lost
    }
  }
  // What the threads did up to their latest hand-off happens-before the
  // caller returns, as end_schedule() makes it when the caller runs it.
  for (const char* token : tokens)
    tsan::acquire(token);
  return true;
}

void scheduler::watch(std::chrono::steady_clock::time_point& since, long& seen) {
  const auto now = std::chrono::steady_clock::now();
  if (progress_ != seen) {
    seen = progress_;
    since = now;
    return;
  }
  if (now - since < stuck_after_) return;
  // Nobody has reached a scheduling point for a while: the running thread
  // is blocked or spinning outside racelab.
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - since).count();
  try {
    std::string who;
    for (const auto& t : threads_) {
      if (t->finished) continue;
      who += "\n  " + thread_name(t->number) +
             (t->number == std::max(previous_, 0) ? " is running; it was last seen before: "
                                                  : " was last seen before: ") +
             last_operation(*t);
    }
    fail(Failure::misuse,
         "no progress for " + std::to_string(ms) +
             " ms: the running thread is blocked outside racelab (a plain std::mutex, I/O, a "
             "sleep) or spins without reaching a scheduling point." +
             who);
    abandon("no progress for " + std::to_string(ms) + " ms");
  } catch (...) {
    // The report needs memory: the threads run on, and the next poll looks
    // again (a caller that left now would destroy what they run on).
  }
}

void scheduler::end_schedule() {
  std::vector<thread_record*>& finished = finished_;
  finished.clear();
  {
    tsan::invisible_scope quiet;
    guard g(lock_);
    for (const auto& t : threads_) {
      if (t->finished) {
        finished.push_back(t.get());
      } else if (t->context) {
        t->context->abandon();
      }
    }
    g.unlock();
    for (thread_record* t : finished) {
      if (t->context) t->context->reclaim();
    }
  }
  // The schedule is over once the controller has seen every thread end, as
  // a real program's joins would make it: what the threads did
  // happens-before explore() returns and before the next schedule starts.
  for (const auto& t : threads_)
    tsan::acquire(t->finished ? &t->finish_token : &t->park_token);
  if (!abandoned_) tsan::forget_reported_memory();  // every thread is done with it
  next_schedule_serial();  // racelab::thread handles of this schedule go stale

  tsan::invisible_scope quiet;
  guard g(lock_);
  strategy_.end_schedule(step_count());
  if (!failed()) {
    if (auto cycle = lock_order_.find_cycle()) {
      fail(Failure::lock_order_inversion,
           "lock-order inversion: these mutexes are taken in a cycle, so some schedule can "
           "deadlock even though this one did not:\n  " +
               lock_order_graph::describe(*cycle));
    }
  }
}

// ---------------------------------------------------------------------------
// A managed thread's start and finish

void scheduler::managed_entry(thread_record& self) {
  bool own_thread_locals = true;
  {
    tsan::invisible_scope quiet;
    own_thread_locals = backend_.thread_locals_per_context();
  }
  if (own_thread_locals) finish_at_exit(self);  // registered before any thread_local of the program
  {
    tsan::invisible_scope quiet;
    guard g(lock_, std::defer_lock);
    await_turn(g, self);
    if (self.number != 0) record(self, op_kind::start);
    mute_if_failed(self);
    tls_thread = &self;
  }
  tsan::acquire(&self.start_token);
  try {
    self.body->run();
  } catch (const abort_schedule&) {
  } catch (const std::exception& e) {
    exception_escaped(self, e.what());
  } catch (...) {
    exception_escaped(self, "an exception not derived from std::exception");
  }
  if (self.number == 0) {
    tsan::invisible_scope quiet;
    t0_body_ = std::move(self.body);  // for the next schedule (it captures nothing)
  } else {
    self.body.reset();  // captured objects die while their thread is still managed
  }
  // Returning ends the OS thread: the program's thread_local destructors
  // run, then t_finish's, which takes the finish step. A fiber has no
  // thread_locals of its own: it takes the step here.
  if (!own_thread_locals) finish_thread(self);
}

void scheduler::finish_thread(thread_record& self) {
  // Its end must happen-before join and the schedule's end even when the
  // thread was muted after a failure: what it did before is still tracked.
  if (self.muted) {
    tsan::unmute_thread();
    self.muted = false;
  }
  tsan::release(&self.finish_token);
  const bool muted = finish_step(self);
  if (muted) tsan::unmute_thread();
}

bool scheduler::finish_step(thread_record& self) {
  tsan::invisible_scope quiet;
  guard g(lock_);
  if (self.number == 0 && !failed() && !abandoned_) {
    for (const auto& t : threads_) {
      if (t.get() != &self && !t->released) {
        fail(Failure::misuse, thread_name(t->number) +
                                  " was still joinable when the test body returned: join every "
                                  "racelab::thread (a std::thread would call std::terminate)");
        break;
      }
    }
  }
  point(g, self, op_kind::finish, nullptr, {});
  self.finished = true;
  record(self, op_kind::finish);
  tls_thread = nullptr;
  const bool muted = self.muted;
  leave(g);  // from here on `self` may be gone: the schedule can end
  return muted;
}

// ---------------------------------------------------------------------------
// Scheduling

void scheduler::point(guard& g, thread_record& self, op_kind kind, const void* object,
                      source_location loc, thread_record* target) {
  if (abandoned_) park(g, self);
  self.pending = kind;
  self.pending_object = object;
  self.pending_target = target;
  self.pending_at = loc;
  ++progress_;
  if (failed()) {
    const long budget = std::max<long>(options_.max_steps, kMinDrainSteps);
    if (++drain_steps_ > budget) {
      abandon("the threads did not finish within " + std::to_string(budget) +
              " steps after the failure");
      park(g, self);
    }
  } else {
    if (tsan::enabled) note_reports(self);  // no reports without ThreadSanitizer
    if (!failed() && kind == op_kind::lock) {
      const object_state* o = find_object(object);
      if (o != nullptr && o->owner == &self && o->kind != object_kind::recursive_mutex) {
        fail(Failure::deadlock, "deadlock: " + thread_name(self.number) + " locks " +
                                    object_name(*o) + location_suffix(loc) +
                                    ", which it already holds (locked" +
                                    location_suffix(o->created) +
                                    "); a non-recursive mutex never lets its owner in again");
      }
    }
    if (!failed() && step_count() >= options_.max_steps) fail_step_limit();
  }
  const int next = choose();
  if (next < 0) {
    abandon("no thread can run");
    park(g, self);
  }
  if (next != self.number) switch_to(g, self, *threads_[static_cast<std::size_t>(next)]);
  mute_if_failed(self);
  if (weak_memory()) model_synchronizes(self, kind, object);
}

void scheduler::mute_if_failed(thread_record& self) {
  if (failed() && !self.muted) {
    tsan::mute_thread();
    self.muted = true;
  }
}

void scheduler::switch_to(guard& g, thread_record& self, thread_record& next) {
  const bool muted = self.muted;
  g.unlock();
  if (tsan::enabled) tsan::release_from_scope(&self.park_token, muted);
  backend_.give(next.slot);
  await_turn(g, self);
}

void scheduler::await_turn(guard& g, thread_record& self) {
  while (!backend_.await(self.slot, kForever)) {
  }
  g.lock();
  if (abandoned_) park(g, self);
}

void scheduler::leave(guard& g) {
  const bool all_finished =
      std::all_of(threads_.begin(), threads_.end(), [](const auto& t) { return t->finished; });
  if (all_finished) {
    g.unlock();
    backend_.give(done_);
    return;
  }
  const int next = choose();
  if (next < 0) {
    abandon("no thread can run");
    done_pending_ = false;
    g.unlock();
    backend_.give(done_);
    return;
  }
  thread_record& to = *threads_[static_cast<std::size_t>(next)];
  g.unlock();
  backend_.give(to.slot);
}

void scheduler::abandon(const std::string& why) {
  if (abandoned_) return;
  abandoned_ = true;
  std::string left;
  for (const auto& t : threads_) {
    if (!t->finished) left += (left.empty() ? "" : ", ") + thread_name(t->number);
  }
  if (!left.empty()) {
    const bool one = left.find(',') == std::string::npos;
    message_ += "\n  after the failure " + left + (one ? " was" : " were") + " left behind (" +
                why +
                "): a parked thread uses no CPU and what it references is kept alive; a "
                "thread still running its own code runs on until its next scheduling point";
  }
  done_pending_ = true;
}

void scheduler::park(guard& g, thread_record& self) {
  const bool tell = std::exchange(done_pending_, false);
  const bool muted = self.muted;
  g.unlock();
  if (tsan::enabled) tsan::release_from_scope(&self.park_token, muted);
  if (tell) backend_.give(done_);
  backend_.park_forever();
  __builtin_unreachable();
}

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
