// The scheduler's thread operations: spawn, join, detach, a racelab::thread
// destroyed while joinable, a failed check, an escaped exception, and a
// primitive used by a thread racelab does not manage. Callers hold a
// tsan::invisible_scope; as in scheduler_ops.cpp, nothing found before a
// scheduling point is used after it.
#include <exception>

#include "location_text.hpp"
#include "schedule_string.hpp"
#include "scheduler.hpp"
#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {

thread_record* scheduler::spawn(thread_record& self, std::unique_ptr<thread_body> fn,
                                source_location loc) {
  guard g(lock_);
  point(g, self, op_kind::spawn, nullptr, loc);
  if (threads_.size() >= static_cast<std::size_t>(max_threads)) {
    if (!failed()) {
      fail(Failure::misuse,
           "more than " + std::to_string(max_threads) + " managed threads in one schedule");
    }
    mute_if_failed(self);
    return nullptr;
  }
  auto owned = new_record();
  thread_record* t = owned.get();
  t->owner = this;
  t->number = static_cast<int>(threads_.size());
  t->on_fiber = !backend_.thread_locals_per_context();
  t->body = std::move(fn);
  threads_.push_back(std::move(owned));
  strategy_.thread_created(t->number);
  fairness_.thread_created(t->number);
  if (weak_memory()) model_.spawned(self.number, t->number);
  record(self, op_kind::spawn, -1, t->number);
  t->context = backend_.launch(t->slot, [this, t] { managed_entry(*t); });
  return t;
}

bool scheduler::join(thread_record& self, thread_record* target, source_location loc) {
  guard g(lock_);
  if (abandoned_) park(g, self);
  if (target == nullptr || target == &self) {
    if (!failed()) {
      fail(Failure::misuse, thread_name(self.number) +
                                (target == nullptr ? " joins a racelab::thread that is not joinable"
                                                   : " joins itself") +
                                location_suffix(loc) +
                                " (std::thread::join would throw std::system_error)");
    }
    mute_if_failed(self);
    return false;
  }
  point(g, self, op_kind::join, nullptr, loc, target);
  target->released = true;
  record(self, op_kind::join, -1, target->number);
  return true;
}

void scheduler::detach(thread_record& self, thread_record* target, source_location loc) {
  {
    guard g(lock_);
    if (abandoned_) park(g, self);
    if (!failed()) {
      fail(Failure::misuse, thread_name(self.number) + " detaches " + thread_name(target->number) +
                                location_suffix(loc) +
                                ": a detached thread's end cannot be observed, so the "
                                "exploration cannot tell when the schedule is over; join it "
                                "instead");
    }
  }
  // So that the failed schedule still ends with no thread left running over
  // the body's objects, the detaching thread waits for it here.
  join(self, target, loc);
}

void scheduler::destroyed_joinable(thread_record& self, thread_record* target) {
  {
    guard g(lock_);
    if (abandoned_) park(g, self);
    if (!failed()) {
      fail(Failure::misuse, "the racelab::thread running " + thread_name(target->number) +
                                " is destroyed by " + thread_name(self.number) +
                                " while still joinable (a std::thread would call std::terminate)");
    }
  }
  // Waits for it, as above: its callable may still use the destroyed
  // thread's surroundings.
  join(self, target, {});
}

void scheduler::check_failed(thread_record& self, const char* what, source_location loc) {
  guard g(lock_);
  if (abandoned_) park(g, self);
  if (!failed()) {
    self.pending = op_kind::check;
    self.pending_at = loc;
    const int index = static_cast<int>(trace_.names.size());
    trace_.names.push_back(what != nullptr ? what : "");
    record(self, op_kind::check, index);
    fail(Failure::check, "check failed in " + thread_name(self.number) + location_suffix(loc) +
                             ": " + (what != nullptr ? what : ""));
  }
  mute_if_failed(self);
  if (std::uncaught_exceptions() == 0) {
    g.unlock();
    throw abort_schedule{};
  }
  // Throwing while unwinding would call std::terminate: the thread stops
  // here for good instead, and the others drain without it.
  self.stopped = true;
  if (tsan::enabled) tsan::release_from_scope(&self.park_token, self.muted);
  leave(g);
  backend_.park_forever();
  __builtin_unreachable();
}

void scheduler::assertion_failed(thread_record& self, const std::string& what,
                                 source_location loc) {
  guard g(lock_);
  if (abandoned_) park(g, self);
  if (!failed()) {
    self.pending = op_kind::check;
    self.pending_at = loc;
    const int index = static_cast<int>(trace_.names.size());
    trace_.names.push_back(what.substr(0, what.find('\n')));  // a step is one line
    record(self, op_kind::check, index);
    fail(Failure::check,
         "assertion failed in " + thread_name(self.number) + location_suffix(loc) + ": " + what);
  }
  mute_if_failed(self);
}

void scheduler::exception_escaped(thread_record& self, const std::string& what) {
  tsan::invisible_scope quiet;
  guard g(lock_);
  if (abandoned_) park(g, self);
  if (!failed())
    fail(Failure::exception, "uncaught exception in " + thread_name(self.number) + ": " + what);
  mute_if_failed(self);
}

void scheduler::unmanaged_use(const void* object, const char* what, source_location loc) {
  if (unmanaged_reported_.exchange(true)) return;
  guard g(lock_);
  if (failed() || abandoned_) return;
  const object_state* o = find_object(object);
  const int atomic = atomic_name_of(object);
  std::string name = o != nullptr  ? object_name(*o)
                     : atomic >= 0 ? trace_.names[static_cast<std::size_t>(atomic)]
                                   : std::string("a racelab primitive");
  fail(Failure::misuse,
       "a thread that racelab does not manage (a std::thread, std::async or a library's pool "
       "started during the exploration) used " +
           name + " (" + what + location_suffix(loc) +
           "): racelab cannot order it against the managed threads, so mutual exclusion and "
           "the schedule are not modelled. Start it with racelab::thread.");
}

void scheduler::unmodified_code_on_fiber(thread_record& self, const char* what) {
  guard g(lock_);
  if (failed() || abandoned_) return;
  fail(Failure::misuse,
       thread_name(self.number) + " called " + what +
           " of unmodified code (racelab::intercept), which the fiber backend cannot run "
           "faithfully: its managed threads share one OS thread, so pthread_self(), "
           "std::this_thread::get_id() and thread_locals are the same in all of them. Explore "
           "this test with Backend::threads (RACELAB_BACKEND=threads).");
}

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
