// The scheduler's primitive operations: each one is a scheduling point
// followed by its effect on the model (ownership, waiters, finished threads)
// and a trace step. Callers hold a tsan::invisible_scope.
#include <algorithm>

#include "location_text.hpp"
#include "scheduler.hpp"

namespace racelab::detail {
namespace {

constexpr std::size_t kMaxThreads = 256;

}  // namespace

void scheduler::object_created(thread_record&, const void* object, object_tag tag,
                               source_location loc) {
  guard g(lock_);
  objects_.erase(object);  // an earlier object at this address died unseen
  this->object(object, tag, loc);
}

void scheduler::object_destroyed(thread_record& self, const void* object, object_tag) {
  guard g(lock_);
  const auto it = objects_.find(object);
  if (it == objects_.end()) return;
  if (!aborted_) {
    const object_state& o = it->second;
    if (o.owner != nullptr) {
      fail(Failure::misuse, object_name(o) + " is destroyed by " + thread_name(self.number) +
                                " while " + thread_name(o.owner->number) + " holds it");
    } else if (!o.waiters.empty()) {
      fail(Failure::misuse, object_name(o) + " is destroyed by " + thread_name(self.number) +
                                " while " + thread_name(o.waiters.front()->number) +
                                " waits on it");
    }
  }
  objects_.erase(it);
}

bool scheduler::lock(thread_record& self, const void* m, object_tag tag, source_location loc) {
  guard g(lock_);
  object_state& o = object(m, tag);
  if (!point(g, self, op_kind::lock, m, loc)) return false;
  if (o.owner == &self) {
    ++o.depth;
  } else {
    o.owner = &self;
    o.depth = 1;
  }
  for (const auto& h : self.held) {
    if (h.mutex == m) continue;
    const auto from = objects_.find(h.mutex);
    if (from == objects_.end()) continue;
    lock_order_.add(from->second.key, o.key,
                    {object_name(from->second), object_name(o), self.number, h.at, loc, schedule_});
  }
  self.held.push_back({m, loc});
  record(self, op_kind::lock, o.name);
  return true;
}

int scheduler::try_lock(thread_record& self, const void* m, object_tag tag, source_location loc) {
  guard g(lock_);
  object_state& o = object(m, tag);
  if (!point(g, self, op_kind::try_lock, m, loc)) return 0;
  if (o.owner == &self && o.kind != object_kind::recursive_mutex) {
    fail(Failure::misuse, thread_name(self.number) + " calls try_lock on " + object_name(o) +
                              location_suffix(loc) +
                              ", which it already holds (undefined for a non-recursive mutex)");
    if (may_throw(op_kind::try_lock)) unwind(g);
    return 0;
  }
  const bool got = o.owner == nullptr || o.owner == &self;
  if (got) {
    o.owner = &self;
    ++o.depth;
    self.held.push_back({m, loc});
  }
  record(self, op_kind::try_lock, o.name, -1, got);
  return got ? 1 : 0;
}

bool scheduler::unlock(thread_record& self, const void* m, object_tag tag, source_location loc) {
  guard g(lock_);
  object_state& o = object(m, tag);
  if (!point(g, self, op_kind::unlock, m, loc)) {
    // Unwinding after an abort: guards still release what their thread holds.
    if (o.owner != &self) return false;
    if (--o.depth == 0) o.owner = nullptr;
    return true;
  }
  if (o.owner != &self) {
    fail(Failure::misuse, thread_name(self.number) + " unlocks " + object_name(o) +
                              location_suffix(loc) + ", which it does not hold (" +
                              (o.owner ? "held by " + thread_name(o.owner->number) : "not locked") +
                              ")");
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
  object_state& c = object(cv, tag);
  object_state& mo = object(m, mtag);
  if (!aborted_ && mo.owner != &self) {
    fail(Failure::misuse, thread_name(self.number) + " waits on " + object_name(c) +
                              location_suffix(loc) + " without holding " + object_name(mo));
    if (may_throw(op_kind::wait)) unwind(g);
    return false;
  }
  if (!point(g, self, op_kind::wait, cv, loc)) return false;
  mo.owner = nullptr;
  mo.depth = 0;
  std::erase_if(self.held, [m](const thread_record::held_lock& l) { return l.mutex == m; });
  c.waiters.push_back(&self);
  self.notified = false;
  self.timed_wait = timed;
  record(self, op_kind::wait, c.name);
  return true;
}

bool scheduler::relock_after_wait(thread_record& self, const void* cv, const void* m,
                                  source_location loc) {
  guard g(lock_);
  const auto it = objects_.find(m);
  if (!point(g, self, op_kind::reacquire, m, loc) || it == objects_.end()) return false;
  const bool timed_out = !self.notified;
  if (timed_out) {  // a timed wait chosen to end before any notify
    const auto c = objects_.find(cv);
    if (c != objects_.end()) std::erase(c->second.waiters, &self);
  }
  object_state& mo = it->second;
  mo.owner = &self;
  mo.depth = 1;
  self.notified = false;
  self.timed_wait = false;
  self.held.push_back({m, loc});
  record(self, op_kind::reacquire, mo.name, -1, !timed_out);
  return timed_out;
}

void scheduler::notify(thread_record& self, const void* cv, object_tag tag, bool all,
                       source_location loc) {
  guard g(lock_);
  object_state& c = object(cv, tag);
  if (!point(g, self, all ? op_kind::notify_all : op_kind::notify_one, cv, loc)) return;
  int woken = -1;
  while (!c.waiters.empty()) {
    thread_record* w = c.waiters.front();
    c.waiters.pop_front();
    w->notified = true;
    woken = w->number;
    if (!all) break;
  }
  record(self, all ? op_kind::notify_all : op_kind::notify_one, c.name, woken);
}

void scheduler::atomic_before(thread_record& self, const void* object, source_location loc) {
  guard g(lock_);
  point(g, self, op_kind::atomic, object, loc);
}

void scheduler::atomic_after(thread_record& self, const atomic_access& a, source_location loc) {
  guard g(lock_);
  if (aborted_) return;
  trace_step s;
  s.thread = self.number;
  s.kind = op_kind::atomic;
  s.object = atomic_name(a.object, a.name);
  s.aop = a.op;
  s.order = a.order;
  s.before = a.before;
  s.after = a.after;
  s.operand = a.operand;
  s.ok = a.ok;
  s.where = loc;
  trace_.steps.push_back(s);
}

thread_record* scheduler::spawn(thread_record& self, std::function<void()> fn,
                                source_location loc) {
  guard g(lock_);
  if (!point(g, self, op_kind::spawn, nullptr, loc)) return nullptr;
  if (threads_.size() >= kMaxThreads) {
    fail(Failure::misuse,
         "more than " + std::to_string(kMaxThreads) + " managed threads in one schedule");
    unwind(g);
  }
  auto owned = std::make_unique<thread_record>();
  thread_record* t = owned.get();
  t->number = static_cast<int>(threads_.size());
  t->fn = std::move(fn);
  threads_.push_back(std::move(owned));
  strategy_.thread_created(t->number);
  record(self, op_kind::spawn, -1, t->number);
  backend_.launch([this, t] { managed_entry(*t); });
  return t;
}

bool scheduler::join(thread_record& self, thread_record* target, source_location loc) {
  guard g(lock_);
  if (!aborted_ && (target == nullptr || target == &self)) {
    fail(Failure::misuse, thread_name(self.number) +
                              (target == nullptr ? " joins a racelab::thread that is not joinable"
                                                 : " joins itself") +
                              location_suffix(loc) +
                              " (std::thread::join would throw std::system_error)");
  }
  if (target == nullptr || target == &self) {
    if (may_throw(op_kind::join)) unwind(g);
    return false;
  }
  if (!point(g, self, op_kind::join, nullptr, loc, target)) {
    // Let through after an abort (we are unwinding): still wait for the end.
    while (!target->finished && !free_run_)
      switch_to(g, self, *target);
    target->released = true;
    return false;
  }
  target->released = true;
  record(self, op_kind::join, -1, target->number);
  return true;
}

void scheduler::detach(thread_record& self, thread_record* target, source_location loc) {
  guard g(lock_);
  target->released = true;
  fail(Failure::misuse, thread_name(self.number) + " detaches " + thread_name(target->number) +
                            location_suffix(loc) +
                            ": a detached thread's end cannot be observed, so the exploration "
                            "cannot tell when the schedule is over; join it instead");
  if (may_throw(op_kind::spawn)) unwind(g);
}

void scheduler::destroyed_joinable(thread_record& self, thread_record* target) {
  guard g(lock_);
  target->released = true;
  fail(Failure::misuse, "the racelab::thread running " + thread_name(target->number) +
                            " is destroyed by " + thread_name(self.number) +
                            " while still joinable (a std::thread would call std::terminate)");
}

void scheduler::yield(thread_record& self, source_location loc) {
  guard g(lock_);
  if (point(g, self, op_kind::yield, nullptr, loc)) record(self, op_kind::yield);
}

void scheduler::check_failed(thread_record& self, const char* what, source_location loc) {
  guard g(lock_);
  if (!aborted_) {
    self.pending = op_kind::check;
    self.pending_at = loc;
    const int index = static_cast<int>(trace_.names.size());
    trace_.names.push_back(what != nullptr ? what : "");
    record(self, op_kind::check, index);
    fail(Failure::check, "check failed in " + thread_name(self.number) + location_suffix(loc) +
                             ": " + (what != nullptr ? what : ""));
  }
  unwind(g);
}

}  // namespace racelab::detail
