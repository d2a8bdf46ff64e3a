// trace: what happened in one schedule, for people (internal).
//
// Steps are recorded compactly while a schedule runs (no formatting on the
// hot path) and rendered only when a Result needs them: a numbered listing
// (step, thread, operation with values and memory order, file:line) and a
// swimlane view with one column per thread. Long traces keep their first and
// last steps and say how many were left out in between.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "racelab/detail/runtime.hpp"
#include "tsan.hpp"

// Inline members are racelab's own code too (tsan.hpp).
RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {

// "T3": how threads are named in traces and messages.
inline std::string thread_name(int number) {
  return "T" + std::to_string(number);
}

enum class op_kind : std::uint8_t {
  start,
  finish,
  spawn,
  join,
  lock,
  try_lock,
  unlock,
  wait,
  reacquire,
  notify_one,
  notify_all,
  atomic,
  yield,
  check,
  join_all,
  // Operations of unmodified code, seen through racelab::intercept.
  lock_shared,
  try_lock_shared,
  unlock_shared,
  wait_event,  // blocks on an event (a futex, a semaphore, a barrier, a once)
  no_wait,     // a wait_event that found nothing to wait for
  wake,        // a wait_event ends (woken, timed out or spuriously)
  sleep,
  read,  // a plain memory access (memory-access points: racelab_instrument)
  write
};

struct trace_step {
  int thread = 0;
  op_kind kind = op_kind::yield;
  int object = -1;  // index into trace::names
  int other = -1;   // the thread spawned, joined or woken
  bool ok = true;   // try_lock / compare_exchange outcome
  atomic_op aop = atomic_op::load;
  std::memory_order order = std::memory_order_seq_cst;
  value_text before, after, operand;
  source_location where;
  int stale_of_step = 0;  // a load that read an older store: the step of the latest (1-based)
};

// A quiet step cannot change what another thread observes (fairness.hpp).
inline bool quiet(const trace_step& s) {
  switch (s.kind) {
    case op_kind::yield:
      return true;
    case op_kind::sleep:
    case op_kind::no_wait:
    case op_kind::read:
      return true;
    case op_kind::try_lock:
    case op_kind::try_lock_shared:
      return !s.ok;
    case op_kind::wait_event:  // ok == false: may end without a wake-up
    case op_kind::wake:        // ok == false: timed out or spurious
      return !s.ok;
    case op_kind::wait:       // ok == false: a timed wait
    case op_kind::reacquire:  // ok == false: timed out
      return !s.ok;
    case op_kind::atomic:
      switch (s.aop) {
        case atomic_op::load:
          return true;
        case atomic_op::store:
          return false;
        case atomic_op::cas_weak:
        case atomic_op::cas_strong:
          return !s.ok || s.operand.bits == s.after.bits;
        default:
          return s.before.bits == s.after.bits;
      }
    default:
      return false;
  }
}

class trace {
 public:
  void clear() {
    steps.clear();
    names.clear();
    objects.clear();
  }

  std::vector<trace_step> steps;
  std::vector<std::string> names;
  // What is known of each synchronization object: "mutex#1  counter_lock"
  // (a global's name), "m  created at foo.cpp:12" (listed after the
  // swimlanes).
  std::vector<std::string> objects;

  // A value as traces show it: "42", "2.5", "true", "{03 00 00 00}".
  static std::string format_value(value_text v);
  // The same, with pointers named as this trace shows them: "nullptr", a
  // global's name ("&config"), or "ptr#N", numbered by first appearance in
  // the steps, so that a replay shows the same text wherever the heap put
  // the objects (format_value shows the address).
  std::string value(value_text v) const;
  // One step's operation in words: "lock m_a", "load x -> 0 (acquire)".
  std::string operation(const trace_step& s) const;
  // The numbered listing followed by the swimlane view.
  std::string render(std::size_t keep_steps = 120) const;
};

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
