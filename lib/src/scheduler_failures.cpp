// How the scheduler judges a schedule as failed and says why: deadlocks
// from the wait-for graph, livelocks at the step limit, ThreadSanitizer
// reports, escaped exceptions. The first failure of a schedule wins; every
// failure starts the drain described in scheduler.hpp.
#include <algorithm>

#include "location_text.hpp"
#include "scheduler.hpp"
#include "tsan.hpp"
#include "wait_for_graph.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {

void scheduler::fail(Failure kind, std::string message) {
  if (failure_ == Failure::none) {
    failure_ = kind;
    message_ = std::move(message);
  }
}

void scheduler::fail_deadlock() {
  wait_for_graph graph;
  for (const auto& t : threads_) {
    if (t->finished) continue;
    wait_for_graph::blocked b;
    b.thread = t->number;
    for (const auto& h : t->held) {
      const auto it = objects_.find(h.mutex);
      if (it != objects_.end()) {
        const std::string name = object_name(it->second);
        if (std::find(b.holds.begin(), b.holds.end(), name) == b.holds.end())
          b.holds.push_back(name);
      }
    }
    const auto it = objects_.find(t->pending_object);
    switch (t->pending) {
      case op_kind::lock:
      case op_kind::reacquire:
        if (t->pending == op_kind::reacquire && !t->notified) {
          b.waits_for = "a notification that never comes (a lost wake-up?)";
          break;
        }
        b.waits_for = it != objects_.end() ? object_name(it->second) : "a mutex";
        if (it != objects_.end() && it->second.owner != nullptr) {
          b.blockers.push_back(it->second.owner->number);
        }
        if (it != objects_.end() && it->second.readers > 0) {
          for (const auto& r : threads_) {  // who holds it shared
            if (r.get() != t.get() &&
                std::any_of(r->held.begin(), r->held.end(),
                            [&](const auto& h) { return h.mutex == it->first; }))
              b.blockers.push_back(r->number);
          }
        }
        break;
      case op_kind::lock_shared:
        b.waits_for =
            (it != objects_.end() ? object_name(it->second) : "a shared mutex") + " (shared)";
        if (it != objects_.end() && it->second.owner != nullptr) {
          b.blockers.push_back(it->second.owner->number);
        }
        break;
      case op_kind::wake:
        b.waits_for = (it != objects_.end() ? object_name(it->second) : "an event") +
                      ", which nobody will signal (a lost wake-up, a missing post or "
                      "count_down?)";
        break;
      case op_kind::join:
        b.waits_for = thread_name(t->pending_target->number) + " to finish";
        b.blockers.push_back(t->pending_target->number);
        break;
      default:
        b.waits_for = "its turn";
        break;
    }
    b.where = location_text(t->pending_at);
    graph.add(std::move(b));
  }
  fail(Failure::deadlock, "deadlock: no thread can run. " + graph.describe());
}

void scheduler::fail_step_limit() {
  // Each unfinished thread's loop: the distinct operations among its last
  // steps in the trace.
  std::string loops;
  for (const auto& t : threads_) {
    if (t->finished) continue;
    std::vector<std::string> ops;
    int looked = 0;
    for (auto s = trace_.steps.rbegin(); s != trace_.steps.rend() && looked < 32; ++s) {
      if (s->thread != t->number) continue;
      ++looked;
      const std::string op = trace_.operation(*s) + location_suffix(s->where);
      if (std::find(ops.begin(), ops.end(), op) == ops.end()) ops.insert(ops.begin(), op);
    }
    loops += "\n  " + thread_name(t->number) +
             (fairness_.spinning(t->number) ? " spins" : " runs") + ": ";
    if (ops.empty()) loops += "(no step yet) next " + last_operation(*t);
    for (std::size_t i = 0; i < ops.size(); ++i)
      loops += (i == 0 ? "" : "; ") + ops[i];
  }
  fail(Failure::step_limit,
       "step limit: the schedule ran " + std::to_string(step_count()) +
           " steps (Options::max_steps) without finishing. Every thread had its turn (the last "
           "half of the steps were scheduled round robin), so this is a livelock: the threads "
           "keep running without any of them making the progress the others wait for. Each "
           "thread's loop:" +
           loops);
}

void scheduler::note_reports(thread_record& self) {
  const int now = tsan::report_count();
  if (now == reports_at_start_) return;
  reports_at_start_ = now;
  const std::string kind = tsan::last_report_kind();
  if (kind.find("lock-order") != std::string::npos) {
    // TSan's detector knows no gate locks and remembers mutexes across
    // schedules; racelab's graph of this schedule is the judge.
    if (const auto cycle = lock_order_.find_cycle()) {
      fail(Failure::lock_order_inversion,
           "lock-order inversion (ThreadSanitizer reported it too, above on stderr): these "
           "mutexes are taken in a cycle, so some schedule can deadlock:\n  " +
               lock_order_graph::describe(*cycle));
    }
    return;
  }
  const Failure failure =
      kind.find("race") != std::string::npos ? Failure::data_race : Failure::misuse;
  if (failure == Failure::data_race &&
      backend_.shared_thread_storage(tsan::last_report_address())) {
    fail(Failure::misuse,
         "ThreadSanitizer reported a data race on a thread_local (its report is printed above, "
         "on stderr): on the fiber backend every managed thread shares one OS thread's "
         "thread_locals, so the program's threads do not race there. Explore this test with "
         "Backend::threads (RACELAB_BACKEND=threads); " +
             thread_name(self.number) + " had just reached " + last_operation(self));
    return;
  }
  fail(failure, "ThreadSanitizer reported a " + kind +
                    " during this schedule (its report is printed above, on stderr); " +
                    thread_name(self.number) + " had just reached " + last_operation(self));
}

void scheduler::fail_replay_length(std::size_t expected_steps) {
  fail(Failure::misuse, "replay diverged: the run took " + std::to_string(step_count()) +
                            " steps, but the schedule has " + std::to_string(expected_steps) +
                            "; the body must run the same code for the same schedule");
}

std::string scheduler::last_operation(const thread_record& t) const {
  trace_step s;
  s.thread = t.number;
  s.kind = t.pending;
  s.other = t.pending_target != nullptr ? t.pending_target->number : -1;
  const auto it = objects_.find(t.pending_object);
  if (it != objects_.end()) s.object = it->second.name;
  if (t.pending == op_kind::atomic) {
    const int name = atomic_name_of(t.pending_object);
    return "an atomic operation on " +
           (name >= 0 ? trace_.names[static_cast<std::size_t>(name)] : "an atomic") +
           location_suffix(t.pending_at);
  }
  return trace_.operation(s) + location_suffix(t.pending_at);
}

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
