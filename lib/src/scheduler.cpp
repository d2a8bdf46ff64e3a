#include "scheduler.hpp"

#include <algorithm>
#include <exception>

#include "location_text.hpp"
#include "tsan.hpp"

namespace racelab::detail {
namespace {

constexpr auto kPoll = std::chrono::milliseconds(200);
constexpr auto kFreeRunGrace = std::chrono::seconds(5);

scheduler* g_active = nullptr;

}  // namespace

scheduler* active_scheduler() noexcept {
  return g_active;
}
void set_active_scheduler(scheduler* s) noexcept {
  g_active = s;
}

scheduler::scheduler(const Options& options, strategy& strategy, execution_backend& backend,
                     lock_order_graph& lock_order, std::chrono::milliseconds stuck_after)
    : options_(options),
      strategy_(strategy),
      backend_(backend),
      lock_order_(lock_order),
      stuck_after_(stuck_after) {}

// ---------------------------------------------------------------------------
// One schedule

void scheduler::run(const std::function<void()>& body, int schedule_number) {
  {
    tsan::invisible_scope quiet;
    guard g(lock_);
    threads_.clear();
    objects_.clear();
    atomics_.clear();
    created_objects_ = mutex_names_ = cv_names_ = atomic_names_ = 0;
    picks_.clear();
    trace_.clear();
    previous_ = -1;
    schedule_ = schedule_number;
    reports_at_start_ = tsan::report_count();
    aborted_ = free_run_ = false;
    failure_ = Failure::none;
    message_.clear();
    threads_.push_back(std::make_unique<thread_record>());
    strategy_.thread_created(0);
  }
  thread_record& self = *threads_.front();
  tls_thread = &self;
  try {
    body();
  } catch (const abort_schedule&) {
  } catch (const std::exception& e) {
    exception_escaped(self, e.what());
  } catch (...) {
    exception_escaped(self, "an exception not derived from std::exception");
  }
  finish_body(self);
  tls_thread = nullptr;
  next_schedule_serial();  // racelab::thread handles of this schedule go stale
  // The schedule is over only once T0 has seen every thread end, as a real
  // program's joins would make it; without this edge the records' memory,
  // freed by T0 at the next schedule, would look racy after an aborted run.
  for (const auto& t : threads_)
    tsan::acquire(&t->finish_token);

  tsan::invisible_scope quiet;
  guard g(lock_);
  note_reports(self);
  strategy_.end_schedule(step_count());
  if (failure_ == Failure::none) {
    if (auto cycle = lock_order_.find_cycle()) {
      fail(Failure::lock_order_inversion,
           "lock-order inversion: these mutexes are taken in a cycle, so some schedule can "
           "deadlock even though this one did not:\n  " +
               lock_order_graph::describe(*cycle));
    }
  }
}

void scheduler::finish_body(thread_record& self) {
  tsan::invisible_scope quiet;
  guard g(lock_);
  if (!aborted_) {
    for (const auto& t : threads_) {
      if (t.get() != &self && !t->released) {
        fail(Failure::misuse, thread_name(t->number) +
                                  " was still joinable when the test body returned: join every "
                                  "racelab::thread (a std::thread would call std::terminate)");
        break;
      }
    }
  }
  if (aborted_) drain(g, self);
}

void scheduler::drain(guard& g, thread_record& self) {
  const auto give_up = std::chrono::steady_clock::now() + kFreeRunGrace;
  for (;;) {
    thread_record* left = nullptr;
    for (const auto& t : threads_) {
      if (t.get() != &self && !t->finished) {
        left = t.get();
        break;
      }
    }
    if (left == nullptr) break;
    if (!free_run_) {
      switch_to(g, self, *left);
      continue;
    }
    if (std::chrono::steady_clock::now() > give_up) {
      abandoned_ = true;
      message_ += "\n  " + thread_name(left->number) +
                  " could not be unwound and is left running; later explorations in this "
                  "process may be affected";
      break;
    }
    g.unlock();
    backend_.await(self.slot, kPoll);
    g.lock();
  }
  tsan::visible_region visible;
  for (const auto& t : threads_) {
    if (t->finished) tsan::acquire(&t->finish_token);
  }
}

void scheduler::managed_entry(thread_record& self) {
  bool run_user = false;
  {
    tsan::invisible_scope quiet;
    guard g(lock_);
    g.unlock();
    await_turn(g, self);
    run_user = !aborted_;
    if (run_user) record(self, op_kind::start);
  }
  tls_thread = &self;
  if (run_user) {
    tsan::acquire(&self.start_token);
    try {
      self.fn();
    } catch (const abort_schedule&) {
    } catch (const std::exception& e) {
      exception_escaped(self, e.what());
    } catch (...) {
      exception_escaped(self, "an exception not derived from std::exception");
    }
  }
  self.fn = nullptr;  // captured objects die while their thread is still managed
  finish_thread(self);
  tls_thread = nullptr;
}

void scheduler::finish_thread(thread_record& self) {
  tsan::release(&self.finish_token);
  tsan::invisible_scope quiet;
  guard g(lock_);
  const bool stepped = !aborted_ && point(g, self, op_kind::finish, nullptr, {});
  self.finished = true;
  if (stepped) record(self, op_kind::finish);
  leave(g);
}

// ---------------------------------------------------------------------------
// Scheduling

bool scheduler::may_throw(op_kind kind) const {
  switch (kind) {
    case op_kind::unlock:
    case op_kind::notify_one:
    case op_kind::notify_all:
    case op_kind::finish:
    case op_kind::join_all:
      return false;
    default:
      return std::uncaught_exceptions() == 0;
  }
}

void scheduler::unwind(guard& g) {
  g.unlock();
  throw abort_schedule{};
}

bool scheduler::point(guard& g, thread_record& self, op_kind kind, const void* object,
                      source_location loc, thread_record* target) {
  self.pending = kind;
  self.pending_object = object;
  self.pending_target = target;
  self.pending_at = loc;
  ++progress_;
  if (!aborted_) note_reports(self);
  if (!aborted_ && kind == op_kind::lock) {
    const auto it = objects_.find(object);
    if (it != objects_.end() && it->second.owner == &self &&
        it->second.kind != object_kind::recursive_mutex) {
      fail(Failure::deadlock, "deadlock: " + thread_name(self.number) + " locks " +
                                  object_name(it->second) + location_suffix(loc) +
                                  ", which it already holds (locked" +
                                  location_suffix(it->second.created) +
                                  "); a non-recursive mutex never lets its owner in again");
    }
  }
  if (!aborted_ && step_count() >= options_.max_steps) {
    std::string last;
    for (const auto& t : threads_) {
      if (!t->finished) last += "\n  " + thread_name(t->number) + ": " + last_operation(*t);
    }
    fail(Failure::step_limit, "step limit: the schedule ran " + std::to_string(step_count()) +
                                  " steps (Options::max_steps) without finishing: a livelock, or "
                                  "a loop spinning without progress. Each thread's next step:" +
                                  last);
  }
  if (!aborted_) {
    const int next = choose();
    if (next >= 0 && next != self.number) {
      switch_to(g, self, *threads_[static_cast<std::size_t>(next)]);
    }
  }
  if (aborted_) {
    if (!may_throw(kind)) return false;
    // The body's thread unwinds last, as a real program's joins would make
    // it: its locals die only after every other thread has ended.
    if (self.number == 0) drain(g, self);
    unwind(g);
  }
  return true;
}

bool scheduler::enabled(const thread_record& t) const {
  if (t.finished) return false;
  switch (t.pending) {
    case op_kind::lock:
    case op_kind::reacquire: {
      if (t.pending == op_kind::reacquire && !t.notified && !t.timed_wait) return false;
      const auto it = objects_.find(t.pending_object);
      return it == objects_.end() || it->second.owner == nullptr || it->second.owner == &t;
    }
    case op_kind::join:
      return t.pending_target->finished;
    default:
      return true;
  }
}

std::vector<int> scheduler::enabled_threads() const {
  std::vector<int> out;
  for (const auto& t : threads_) {
    if (enabled(*t)) out.push_back(t->number);
  }
  return out;
}

void scheduler::switch_to(guard& g, thread_record& self, thread_record& next) {
  g.unlock();
  backend_.give(next.slot);
  await_turn(g, self);
}

void scheduler::await_turn(guard& g, thread_record& self) {
  long seen = -1;
  auto since = std::chrono::steady_clock::now();
  for (;;) {
    if (backend_.await(self.slot, kPoll)) {
      g.lock();
      return;
    }
    g.lock();
    const auto now = std::chrono::steady_clock::now();
    if (free_run_) return;
    if (progress_ != seen) {
      seen = progress_;
      since = now;
    } else if (now - since >= stuck_after_) {
      // Nobody has reached a scheduling point for a while: the running thread
      // is blocked or spinning outside racelab. Wake everyone and unwind.
      std::string who;
      for (const auto& t : threads_) {
        if (!t->finished && t.get() != &self && t->pending != op_kind::start) {
          who += "\n  " + thread_name(t->number) + " was last seen before: " + last_operation(*t);
        }
      }
      fail(Failure::misuse,
           "no progress for " +
               std::to_string(
                   std::chrono::duration_cast<std::chrono::milliseconds>(now - since).count()) +
               " ms: the running thread is blocked outside racelab (a plain std::mutex, I/O, a "
               "sleep) or spins without reaching a scheduling point." +
               who);
      free_run_ = true;
      for (const auto& t : threads_) {
        if (t.get() != &self && !t->finished) backend_.give(t->slot);
      }
      return;
    }
    g.unlock();
  }
}

void scheduler::leave(guard& g) {
  const int next = aborted_ ? -1 : choose();
  // After a failure T0 drains the remaining threads.
  thread_record& to = *threads_[next >= 0 ? static_cast<std::size_t>(next) : 0];
  g.unlock();
  backend_.give(to.slot);
}

int scheduler::choose() {
  const std::vector<int> runnable = enabled_threads();
  if (runnable.empty()) {
    fail_deadlock();
    return -1;
  }
  int next = -1;
  try {
    // Fairness: a yield, or a timed wait (a polling loop), lets others go first.
    const thread_record* prev =
        previous_ >= 0 ? threads_[static_cast<std::size_t>(previous_)].get() : nullptr;
    const bool yielded =
        prev != nullptr &&
        (prev->pending == op_kind::yield ||
         (prev->timed_wait && (prev->pending == op_kind::wait ||
                               (prev->pending == op_kind::reacquire && !prev->notified))));
    next = strategy_.pick(runnable, previous_, yielded);
  } catch (const replay_diverged& d) {
    fail(Failure::misuse,
         "replay diverged: " + d.what + "; the body must run the same code for the same schedule");
  } catch (const nondeterminism& n) {
    fail(Failure::misuse,
         "nondeterministic body: " + n.what +
             "; dfs needs a body whose behaviour depends only on the schedule (no "
             "clocks, no unmanaged threads, no state left over between schedules)");
  }
  if (next >= 0) {
    picks_.push_back(next);
    previous_ = next;
  }
  return next;
}

// ---------------------------------------------------------------------------
// Objects and trace

scheduler::object_state& scheduler::object(const void* address, object_tag tag,
                                           source_location created) {
  auto it = objects_.find(address);
  if (it != objects_.end()) return it->second;
  object_state o;
  o.kind = tag.kind;
  o.created = created;
  std::string label;
  if (tag.name != nullptr) {
    label = tag.name;
  } else if (tag.kind == object_kind::condition_variable) {
    label = "cv#" + std::to_string(++cv_names_);
  } else {
    label = "mutex#" + std::to_string(++mutex_names_);
  }
  o.name = static_cast<int>(trace_.names.size());
  trace_.names.push_back(label);
  // Objects created during the schedule are told apart by creation order,
  // which repeats from schedule to schedule; older ones by their address.
  o.key = created.known() ? "#" + std::to_string(++created_objects_)
                          : "@" + std::to_string(reinterpret_cast<std::uintptr_t>(address));
  return objects_.emplace(address, std::move(o)).first->second;
}

std::string scheduler::object_name(const object_state& o) const {
  return trace_.names[static_cast<std::size_t>(o.name)];
}

int scheduler::atomic_name(const void* address, const char* name) {
  auto it = atomics_.find(address);
  if (it != atomics_.end()) return it->second;
  const int index = static_cast<int>(trace_.names.size());
  trace_.names.push_back(name != nullptr ? name : "atomic#" + std::to_string(++atomic_names_));
  atomics_.emplace(address, index);
  return index;
}

void scheduler::record(thread_record& self, op_kind kind, int object, int other, bool ok) {
  trace_step s;
  s.thread = self.number;
  s.kind = kind;
  s.object = object;
  s.other = other;
  s.ok = ok;
  s.where = self.pending_at;
  trace_.steps.push_back(s);
}

}  // namespace racelab::detail
