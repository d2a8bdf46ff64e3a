// Who runs next: which threads are enabled, the strategy's pick among those
// fairness offers, the answers to choices, and round robin while a failed
// schedule drains (scheduler.hpp).
#include <algorithm>

#include "scheduler.hpp"

namespace racelab::detail {

bool scheduler::enabled(const thread_record& t) const {
  if (t.finished || t.stopped) return false;
  switch (t.pending) {
    case op_kind::lock:
    case op_kind::reacquire: {
      if (t.pending == op_kind::reacquire && !t.notified && !t.timed_wait) return false;
      const auto it = objects_.find(t.pending_object);
      if (it == objects_.end()) return true;
      return (it->second.owner == nullptr || it->second.owner == &t) && it->second.readers == 0;
    }
    case op_kind::lock_shared: {
      const auto it = objects_.find(t.pending_object);
      return it == objects_.end() || it->second.owner == nullptr;
    }
    case op_kind::wake:
      return t.notified || t.timed_wait;
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

int scheduler::choose_answer(int count) {
  if (failed() || count < 2) return 0;
  try {
    const int answer = strategy_.choose(count);
    picks_.push_back(-answer - 1);
    return answer;
  } catch (const replay_diverged& d) {
    fail(Failure::misuse,
         "replay diverged: " + d.what + "; the body must run the same code for the same schedule");
  } catch (const nondeterminism& n) {
    fail(Failure::misuse,
         "nondeterministic body: " + n.what +
             "; dfs needs a body whose behaviour depends only on the schedule (no "
             "clocks, no unmanaged threads, no state left over between schedules)");
  }
  return 0;
}

bool scheduler::spurious_allowed(const thread_record& self) const {
  return !failed() && self.spurious_at != fairness_.effects();
}

int scheduler::choose() {
  const std::vector<int> runnable = enabled_threads();
  if (runnable.empty()) {
    if (!failed()) fail_deadlock();
    return -1;
  }
  int next = -1;
  if (!failed()) {
    try {
      next = strategy_.pick(fairness_.offered(runnable), previous_, previous_yielded_);
      picks_.push_back(next);
    } catch (const replay_diverged& d) {
      fail(Failure::misuse, "replay diverged: " + d.what +
                                "; the body must run the same code for the same schedule");
    } catch (const nondeterminism& n) {
      fail(Failure::misuse,
           "nondeterministic body: " + n.what +
               "; dfs needs a body whose behaviour depends only on the schedule (no "
               "clocks, no unmanaged threads, no state left over between schedules)");
    }
  }
  if (next < 0) {
    // Draining: round robin, so that every thread gets to finish.
    const auto after = std::upper_bound(runnable.begin(), runnable.end(), previous_);
    next = after != runnable.end() ? *after : runnable.front();
  }
  previous_ = next;
  return next;
}

}  // namespace racelab::detail
