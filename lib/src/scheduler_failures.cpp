// How the scheduler judges a schedule as failed and says why: deadlocks
// from the wait-for graph, ThreadSanitizer reports, escaped exceptions.
// The first failure of a schedule wins; every failure aborts the schedule.
#include "location_text.hpp"
#include "scheduler.hpp"
#include "tsan.hpp"
#include "wait_for_graph.hpp"

#include <algorithm>

namespace racelab::detail {

void scheduler::fail(Failure kind, std::string message) {
  if (failure_ == Failure::none) {
    failure_ = kind;
    message_ = std::move(message);
  }
  aborted_ = true;
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

void scheduler::note_reports(thread_record& self) {
  const int now = tsan::report_count();
  if (now == reports_at_start_) return;
  reports_at_start_ = now;
  const std::string kind = tsan::last_report_kind();
  if (kind.find("lock-order") != std::string::npos) {
    // TSan's detector saw the cycle at the lock that closed it; ours has the
    // same cycle, with every edge's thread and lines.
    const auto cycle = lock_order_.find_cycle();
    fail(Failure::lock_order_inversion,
         "lock-order inversion (ThreadSanitizer reported it too, above on stderr): these mutexes "
         "are taken in a cycle, so some schedule can deadlock:\n  " +
             (cycle ? lock_order_graph::describe(*cycle) : std::string("(cycle not recorded)")));
    return;
  }
  const Failure failure =
      kind.find("race") != std::string::npos ? Failure::data_race : Failure::misuse;
  fail(failure, "ThreadSanitizer reported a " + kind +
                    " during this schedule (its report is printed above, on stderr); " +
                    thread_name(self.number) + " had just reached " + last_operation(self));
}

void scheduler::fail_replay_length(const std::string& schedule) {
  fail(Failure::misuse, "replay diverged: the run took " + std::to_string(step_count()) +
                            " steps, but schedule \"" + schedule + "\" has a different number");
}

void scheduler::exception_escaped(thread_record& self, const std::string& what) {
  tsan::invisible_scope quiet;
  guard g(lock_);
  fail(Failure::exception, "uncaught exception in " + thread_name(self.number) + ": " + what);
}

std::string scheduler::last_operation(const thread_record& t) const {
  trace_step s;
  s.thread = t.number;
  s.kind = t.pending;
  s.other = t.pending_target != nullptr ? t.pending_target->number : -1;
  const auto it = objects_.find(t.pending_object);
  if (it != objects_.end()) s.object = it->second.name;
  if (t.pending == op_kind::atomic) {
    const auto a = atomics_.find(t.pending_object);
    return "an atomic operation on " +
           (a != atomics_.end() ? trace_.names[static_cast<std::size_t>(a->second)] : "an atomic") +
           location_suffix(t.pending_at);
  }
  return trace_.operation(s) + location_suffix(t.pending_at);
}

}  // namespace racelab::detail
