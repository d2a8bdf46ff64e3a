// The scheduler's primitive operations: each one is a scheduling point
// followed by its effect on the model (ownership, waiters, finished threads)
// and a trace step. Callers hold a tsan::invisible_scope. Objects are looked
// up again after the scheduling point: other threads may have created or
// destroyed objects meanwhile.
#include <algorithm>
#include <cstring>
#include <exception>
#include <utility>

#include "born_atomics.hpp"
#include "location_text.hpp"
#include "schedule_string.hpp"
#include "scheduler.hpp"
#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {

void scheduler::object_created(thread_record& self, const void* object, object_tag tag,
                               source_location loc) {
  guard g(lock_);
  if (abandoned_) park(g, self);
  (void)self;
  objects_.erase(object);  // an earlier object at this address died unseen
  this->object(object, tag, loc);
}

void scheduler::object_destroyed(thread_record& self, const void* object, object_tag) {
  guard g(lock_);
  if (abandoned_) park(g, self);
  const auto it = objects_.find(object);
  if (it == objects_.end()) return;
  const object_state& o = it->second;
  // Threads blocked on it would wake up inside a dead object: they are
  // stopped for good (the schedule has failed, and draining will abandon
  // whoever waits for them).
  std::vector<thread_record*> blocked;
  for (const auto& t : threads_) {
    if (t->finished || t->stopped || t.get() == &self) continue;
    const bool on_it = (t->pending == op_kind::lock || t->pending == op_kind::reacquire) &&
                       t->pending_object == object;
    const bool waits_on_it =
        std::find(o.waiters.begin(), o.waiters.end(), t.get()) != o.waiters.end();
    if (on_it || waits_on_it) blocked.push_back(t.get());
  }
  if (!failed()) {
    const std::string what = object_name(o) + " is destroyed by " + thread_name(self.number);
    if (o.owner != nullptr && o.owner != &self) {
      fail(Failure::misuse, what + " while " + thread_name(o.owner->number) + " holds it");
    } else if (o.owner == &self) {
      fail(Failure::misuse, what + " while " + thread_name(self.number) + " holds it");
    } else if (!blocked.empty()) {
      fail(Failure::misuse,
           what + " while " + thread_name(blocked.front()->number) +
               (o.kind == object_kind::condition_variable ? " waits on it" : " waits to lock it"));
    }
  }
  for (thread_record* t : blocked)
    t->stopped = true;
  objects_.erase(it);
  mute_if_failed(self);
}

void scheduler::lock(thread_record& self, const void* m, object_tag tag, source_location loc) {
  guard g(lock_);
  object(m, tag);
  point(g, self, op_kind::lock, m, loc);
  object_state& o = object(m, tag);
  if (o.owner == &self) {
    ++o.depth;
  } else {
    o.owner = &self;
    o.depth = 1;
  }
  if (!failed()) {
    std::vector<int> held_serials;
    for (const auto& h : self.held) {
      if (const object_state* from = find_object(h.mutex)) held_serials.push_back(from->serial);
    }
    for (const auto& h : self.held) {
      const object_state* from = find_object(h.mutex);
      if (h.mutex == m || from == nullptr) continue;
      lock_order_.add(from->serial, o.serial,
                      {object_name(*from), object_name(o), self.number, h.at, loc, held_serials});
    }
  }
  self.held.push_back({m, loc});
  record(self, op_kind::lock, o.name);
}

bool scheduler::try_lock(thread_record& self, const void* m, object_tag tag, source_location loc) {
  guard g(lock_);
  object(m, tag);
  point(g, self, op_kind::try_lock, m, loc);
  object_state& o = object(m, tag);
  if (o.owner == &self && o.kind != object_kind::recursive_mutex) {
    if (!failed()) {
      fail(Failure::misuse, thread_name(self.number) + " calls try_lock on " + object_name(o) +
                                location_suffix(loc) +
                                ", which it already holds (undefined for a non-recursive mutex)");
    }
    mute_if_failed(self);
    return false;
  }
  const bool got = o.owner == nullptr || o.owner == &self;
  if (got) {
    o.owner = &self;
    ++o.depth;
    self.held.push_back({m, loc});
  }
  record(self, op_kind::try_lock, o.name, -1, got);
  return got;
}

bool scheduler::unlock(thread_record& self, const void* m, object_tag tag, source_location loc) {
  guard g(lock_);
  object(m, tag);
  point(g, self, op_kind::unlock, m, loc);
  object_state& o = object(m, tag);
  if (o.owner != &self) {
    if (!failed()) {
      fail(Failure::misuse,
           thread_name(self.number) + " unlocks " + object_name(o) + location_suffix(loc) +
               ", which it does not hold (" +
               (o.owner ? "held by " + thread_name(o.owner->number) : "not locked") + ")");
    }
    mute_if_failed(self);
    return false;
  }
  if (--o.depth == 0) o.owner = nullptr;
  const auto h = std::find_if(self.held.rbegin(), self.held.rend(),
                              [m](const thread_record::held_lock& l) { return l.mutex == m; });
  if (h != self.held.rend()) self.held.erase(std::next(h).base());
  record(self, op_kind::unlock, o.name);
  return true;
}

bool scheduler::wait(thread_record& self, const void* cv, object_tag tag, const void* m,
                     object_tag mtag, bool timed, source_location loc) {
  guard g(lock_);
  if (abandoned_) park(g, self);
  object(cv, tag);
  if (object(m, mtag).owner != &self) {
    if (!failed()) {
      fail(Failure::misuse, thread_name(self.number) + " waits on " + object_name(object(cv, tag)) +
                                location_suffix(loc) + " without holding " +
                                object_name(object(m, mtag)));
    }
    mute_if_failed(self);
    return false;
  }
  self.pending_second = m;
  point(g, self, op_kind::wait, cv, loc);
  // A wait may end without a notify (the standard allows spurious
  // wake-ups): the thread is then woken at once and only has to relock.
  const bool spurious =
      options_.spurious_wakeups && spurious_allowed(self) && choose_answer(2) == 1;
  object_state& mo = object(m, mtag);
  mo.owner = nullptr;
  mo.depth = 0;
  std::erase_if(self.held, [m](const thread_record::held_lock& l) { return l.mutex == m; });
  object_state& c = object(cv, tag);
  if (!spurious) c.waiters.push_back(&self);
  self.notified = spurious;
  self.spurious_wake = spurious;
  self.timed_wait = timed;
  // Quiet for fairness when it may end without a notify (fairness.hpp).
  record(self, op_kind::wait, c.name, -1, !(timed || spurious));
  if (spurious) self.spurious_at = fairness_.effects();
  return true;
}

bool scheduler::relock_after_wait(thread_record& self, const void* cv, const void* m,
                                  source_location loc) {
  guard g(lock_);
  self.pending_second = cv;
  point(g, self, op_kind::reacquire, m, loc);
  const bool timed_out = !self.notified;
  const bool spurious = self.spurious_wake;
  if (timed_out) {  // a timed wait chosen to end before any notify
    if (object_state* c = find_object(cv)) std::erase(c->waiters, &self);
  }
  self.notified = false;
  self.spurious_wake = false;
  self.timed_wait = false;
  object_state* mo = find_object(m);
  if (mo == nullptr) return timed_out;  // cannot happen: a destroyed mutex stops its waiters
  mo->owner = &self;
  mo->depth = 1;
  self.held.push_back({m, loc});
  // `other` says how the wait ended: 0 notified, 1 timed out, 2 spuriously.
  record(self, op_kind::reacquire, mo->name,
         timed_out  ? 1
         : spurious ? 2
                    : 0,
         !(timed_out || spurious));
  return timed_out;
}

void scheduler::notify(thread_record& self, const void* cv, object_tag tag, bool all,
                       source_location loc) {
  guard g(lock_);
  object(cv, tag);
  point(g, self, all ? op_kind::notify_all : op_kind::notify_one, cv, loc);
  object_state& c = object(cv, tag);
  int woken = -1;
  if (!all && c.waiters.size() > 1 && options_.any_waiter) {
    // notify_one may wake any of the waiters, not only the longest waiting.
    const auto which = static_cast<std::size_t>(choose_answer(static_cast<int>(c.waiters.size())));
    std::rotate(c.waiters.begin(), c.waiters.begin() + static_cast<std::ptrdiff_t>(which),
                c.waiters.begin() + static_cast<std::ptrdiff_t>(which) + 1);
  }
  while (!c.waiters.empty()) {
    thread_record* w = c.waiters.front();
    c.waiters.pop_front();
    w->notified = true;
    woken = w->number;
    if (!all) break;
  }
  record(self, all ? op_kind::notify_all : op_kind::notify_one, c.name, woken);
}

void scheduler::atomic_created(thread_record& self, const void* object, value_text initial) {
  guard g(lock_);
  if (abandoned_) park(g, self);
  (void)self;
  atomic_info_of(object).fresh = true;
  born_atomics::born(object, initial);
  // A new atomic, maybe where a dead one was: it starts a history of its own.
  if (weak_memory()) model_.forget(object);
}

void scheduler::atomic_before(thread_record& self, const void* object, bool write,
                              std::memory_order order, source_location loc) {
  guard g(lock_);
  self.pending_write = write;
  self.pending_order = order;
  point(g, self, op_kind::atomic, object, loc);
}

bool scheduler::cas_fails_spuriously(thread_record& self) {
  guard g(lock_);
  if (abandoned_) park(g, self);
  if (!options_.spurious_cas_failures || !spurious_allowed(self) || choose_answer(2) != 1)
    return false;
  self.spurious_at = fairness_.effects();
  return true;
}

void scheduler::atomic_after(thread_record& self, const atomic_access& a, source_location loc) {
  guard g(lock_);
  if (abandoned_) park(g, self);
  if (failed()) return;
  // The atomic of the previous step is often this one's (a spin, a loop).
  if (a.object != last_atomic_) {
    last_atomic_ = a.object;
    last_info_ = &atomic_info_of(a.object);  // nodes stay put until run() clears the map
  }
  atomic_info& info = *last_info_;
  const int name = info.name >= 0 ? info.name : atomic_name(a.object, a.name);
  // Built in place: the step is large, and a copy of it costs as much as the rest.
  trace_step& s = trace_.steps.emplace_back();
  s.thread = self.number;
  s.kind = op_kind::atomic;
  s.object = name;
  s.aop = a.op;
  s.order = a.order;
  s.before = a.before;
  s.after = a.after;
  s.operand = a.operand;
  s.ok = a.ok;
  s.where = loc;
  s.stale_of_step = self.stale_of_step;
  self.stale_of_step = 0;
  stepped(self, s);
  if (!info.fresh && !info.checked) check_carried_over(self, info, a, loc);
}

void scheduler::check_carried_over(thread_record& self, atomic_info& info, const atomic_access& a,
                                   source_location loc) {
  info.checked = true;
  if (a.op == atomic_op::store) return;  // its first access overwrites what was there
  std::string since;
  value_text start;
  if (const auto born = born_atomics::first_value(a.object)) {
    start = *born;
    since = "was created in an earlier schedule, with ";
  } else {
    const auto [first, inserted] = first_reads_.try_emplace(a.object, a.before, schedule_);
    if (inserted) return;
    start = first->second.first;
    since = "existed before the exploration, and schedule " + std::to_string(first->second.second) +
            " started with ";
  }
  if (start.bits == a.before.bits) return;
  const std::string name = trace_.names[static_cast<std::size_t>(trace_.steps.back().object)];
  fail(Failure::misuse,
       "state carried over between schedules: " + thread_name(self.number) + " read " + name +
           location_suffix(loc) + " = " + trace::format_value(a.before) + ", but " + name +
           location_suffix(a.created) + " " + since + trace::format_value(start) +
           ". Schedules must depend only on the interleaving, or exploring them proves "
           "nothing (a static once_flag or a global counter breaks this). Give every schedule "
           "the same start: create the object inside the body, or reset it at the start of the "
           "body. Replaying this schedule in a fresh process does not show it.");
  mute_if_failed(self);
}

void scheduler::yield(thread_record& self, source_location loc) {
  guard g(lock_);
  point(g, self, op_kind::yield, nullptr, loc);
  record(self, op_kind::yield);
}

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
