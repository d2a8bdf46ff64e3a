// Who runs next: which threads are enabled, the strategy's pick among those
// fairness offers, the answers to choices, and round robin while a failed
// schedule drains (scheduler.hpp).
#include <algorithm>
#include <cstdint>

#include "scheduler.hpp"
#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {

bool scheduler::enabled_blocking(const thread_record& t) const {
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
    default:
      return true;
  }
}

void scheduler::enabled_threads(std::vector<int>& out) const {
  out.clear();
  for (const auto& t : threads_) {
    if (enabled(*t)) out.push_back(t->number);
  }
}

step_access scheduler::access_of(const thread_record& t) const {
  // What the step touches is named by canonical() (below), not by address.
  step_access a;
  a.object = t.pending_object;
  // Under the memory model every synchronization but an atomic operation of
  // another order touches the global view (memory_model.hpp).
  a.global = weak_memory();
  switch (t.pending) {
    case op_kind::start:
    case op_kind::spawn:
      a.object = nullptr;
      break;
    case op_kind::finish:
      a.object = &t;  // a join of it waits for it
      a.releases = &t;
      break;
    case op_kind::join:
      a.object = t.pending_target;
      a.acquires = t.pending_target;
      break;
    case op_kind::lock:
      a.acquires = t.pending_object;
      a.reenters = owns(t, t.pending_object);
      break;
    case op_kind::unlock:
      a.releases = t.pending_object;
      break;
    case op_kind::wait:  // on the condition variable, letting go of the mutex
      a.second = t.pending_second;
      a.releases = t.pending_second;
      break;
    case op_kind::reacquire:  // the mutex, after a wake-up from the condition variable
      a.second = t.pending_second;
      a.acquires = t.pending_object;
      break;
    case op_kind::atomic:
      a.write = t.pending_write;
      a.global = a.global && t.pending_order == std::memory_order_seq_cst;
      break;
    case op_kind::lock_shared:
      a.write = false;
      a.acquires = t.pending_object;
      break;
    case op_kind::unlock_shared:
      a.write = false;
      a.releases = t.pending_object;
      break;
    case op_kind::try_lock_shared:
      a.write = false;
      break;
    case op_kind::read:
    case op_kind::write:
      a.write = t.pending == op_kind::write;
      a.global = false;
      break;
    case op_kind::try_lock: {
      const auto it = objects_.find(t.pending_object);
      const bool mutex = it == objects_.end() || it->second.kind == object_kind::mutex ||
                         it->second.kind == object_kind::recursive_mutex ||
                         it->second.kind == object_kind::shared_mutex;
      a.everything = !mutex;  // a semaphore's trywait: as wait_event
      a.reenters = owns(t, t.pending_object);
      break;
    }
    case op_kind::wait_event:
      // Whether it blocks is decided by program memory (a futex word, a
      // semaphore's count) that code outside racelab_instrument changes
      // unseen: ordered against every step.
      a.everything = true;
      break;
    case op_kind::yield:
    case op_kind::sleep:
      a.object = nullptr;
      a.everything = true;
      break;
    case op_kind::check:
      a.object = nullptr;
      a.global = false;
      break;
    default:
      break;
  }
  a.object = canonical(a.object);
  a.second = canonical(a.second);
  a.acquires = canonical(a.acquires);
  a.releases = canonical(a.releases);
  return a;
}

bool scheduler::owns(const thread_record& t, const void* m) const {
  const auto it = objects_.find(m);
  return it != objects_.end() && it->second.owner == &t;
}

const void* scheduler::canonical(const void* address) const {
  if (address == nullptr) return nullptr;
  // Per 8-byte word: accesses of different sizes that overlap conflict, and
  // a futex word is the atomic it belongs to.
  const auto word =
      reinterpret_cast<const void*>(reinterpret_cast<std::uintptr_t>(address) & ~std::uintptr_t{7});
  const auto [it, added] = canonical_.try_emplace(word, nullptr);
  if (added) it->second = reinterpret_cast<const void*>(canonical_.size());
  return it->second;
}

void scheduler::show_pending_steps() {
  std::vector<pending_step> steps(threads_.size());
  for (std::size_t i = 0; i < threads_.size(); ++i) {
    steps[i].enabled = enabled(*threads_[i]);
    steps[i].next = access_of(*threads_[i]);
  }
  strategy_.observe(steps);
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
  std::vector<int>& runnable = runnable_;
  enabled_threads(runnable);
  if (runnable.empty()) {
    if (!failed()) fail_deadlock();
    return -1;
  }
  int next = -1;
  if (!failed()) {
    try {
      if (wants_steps_) show_pending_steps();
      // Fairness leaves a lone enabled thread offered (fairness.hpp).
      const std::vector<int>* offered = &runnable;
      if (runnable.size() > 1 && fairness_.may_restrict()) {
        fairness_.offered(runnable, offered_);
        offered = &offered_;
      }
      next = strategy_.pick(*offered, previous_, previous_yielded_);
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
RACELAB_UNINSTRUMENTED_END
