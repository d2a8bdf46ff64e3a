// The scheduler's operations for unmodified code seen through
// racelab::intercept: shared locks, waits on events whose state lives in
// program memory (futex words, semaphores, barriers, once flags), sleeps.
// As in scheduler_ops.cpp, callers hold a tsan::invisible_scope and nothing
// found before a scheduling point is used after it.
#include <algorithm>
#include <cstring>

#include "location_text.hpp"
#include "scheduler.hpp"
#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {

void scheduler::lock_shared(thread_record& self, const void* m, object_tag tag,
                            source_location loc) {
  guard g(lock_);
  object(m, tag);
  point(g, self, op_kind::lock_shared, m, loc);
  object_state& o = object(m, tag);
  ++o.readers;
  self.held.push_back({m, loc});
  record(self, op_kind::lock_shared, o.name);
}

bool scheduler::try_lock_shared(thread_record& self, const void* m, object_tag tag,
                                source_location loc) {
  guard g(lock_);
  object(m, tag);
  point(g, self, op_kind::try_lock_shared, m, loc);
  object_state& o = object(m, tag);
  const bool got = o.owner == nullptr;
  if (got) {
    ++o.readers;
    self.held.push_back({m, loc});
  }
  record(self, op_kind::try_lock_shared, o.name, -1, got);
  return got;
}

bool scheduler::unlock_shared(thread_record& self, const void* m, object_tag tag,
                              source_location loc) {
  guard g(lock_);
  object(m, tag);
  point(g, self, op_kind::unlock_shared, m, loc);
  object_state& o = object(m, tag);
  const auto h = std::find_if(self.held.rbegin(), self.held.rend(),
                              [m](const thread_record::held_lock& l) { return l.mutex == m; });
  if (h == self.held.rend() || o.readers == 0) {
    if (!failed()) {
      fail(Failure::misuse, thread_name(self.number) + " unlocks " + object_name(o) +
                                location_suffix(loc) + ", which it does not hold shared");
    }
    mute_if_failed(self);
    return false;
  }
  --o.readers;
  self.held.erase(std::next(h).base());
  record(self, op_kind::unlock_shared, o.name);
  return true;
}

bool scheduler::holds(const thread_record& self, const void* m) {
  guard g(lock_);
  const object_state* o = find_object(m);
  return o != nullptr && o->owner == &self;
}

scheduler::wait_outcome scheduler::wait_event(thread_record& self, const void* event,
                                              object_tag tag, bool timed,
                                              const std::function<bool()>& blocked,
                                              source_location loc) {
  guard g(lock_);
  object(event, tag);
  point(g, self, op_kind::wait_event, event, loc);
  if (!blocked()) {
    record(self, op_kind::no_wait, object(event, tag).name);
    return wait_outcome::not_blocked;
  }
  // As a condition variable wait: it may end without a wake-up.
  const bool spurious =
      options_.spurious_wakeups && spurious_allowed(self) && choose_answer(2) == 1;
  object_state& e = object(event, tag);
  if (!spurious) e.waiters.push_back(&self);
  self.notified = spurious;
  self.spurious_wake = spurious;
  self.timed_wait = timed;
  record(self, op_kind::wait_event, e.name, -1, !(timed || spurious));
  if (spurious) self.spurious_at = fairness_.effects();

  point(g, self, op_kind::wake, event, loc);
  const bool timed_out = !self.notified;
  const bool was_spurious = self.spurious_wake;
  if (timed_out) {
    if (object_state* w = find_object(event)) std::erase(w->waiters, &self);
  }
  self.notified = false;
  self.spurious_wake = false;
  self.timed_wait = false;
  const object_state* w = find_object(event);
  record(self, op_kind::wake, w != nullptr ? w->name : -1,
         timed_out      ? 1
         : was_spurious ? 2
                        : 0,
         !(timed_out || was_spurious));
  return timed_out ? wait_outcome::timed_out : wait_outcome::woken;
}

bool scheduler::try_event(thread_record& self, const void* event, object_tag tag,
                          const std::function<bool()>& test, source_location loc) {
  guard g(lock_);
  object(event, tag);
  point(g, self, op_kind::try_lock, event, loc);
  const bool ok = test();
  record(self, op_kind::try_lock, object(event, tag).name, -1, ok);
  return ok;
}

void scheduler::signal_event(thread_record& self, const void* event, object_tag tag, bool all,
                             source_location loc) {
  notify(self, event, tag, all, loc);
}

bool scheduler::has_waiters(thread_record& self, const void* event) {
  guard g(lock_);
  if (abandoned_) park(g, self);
  const object_state* o = find_object(event);
  return o != nullptr && !o->waiters.empty();
}

void scheduler::memory_access(thread_record& self, const void* address, bool write,
                              const char* name, source_location loc) {
  guard g(lock_);
  const op_kind kind = write ? op_kind::write : op_kind::read;
  point(g, self, kind, address, loc);
  // Memory without a symbol (a local, the heap) is named in the order the
  // schedule first touches it: its address differs from run to run, and a
  // replay must show the same trace.
  const bool unnamed = name == nullptr || std::strncmp(name, "0x", 2) == 0;
  record(self, kind, atomic_name(address, unnamed ? nullptr : name, "memory"));
}

void scheduler::sleep(thread_record& self, source_location loc) {
  guard g(lock_);
  point(g, self, op_kind::sleep, nullptr, loc);
  record(self, op_kind::sleep);
}

thread_record* scheduler::find_thread(std::thread::native_handle_type handle) {
  guard g(lock_);
  for (const auto& t : threads_) {
    if (t->context && t->context->native_handle() == handle) return t.get();
  }
  return nullptr;
}

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
