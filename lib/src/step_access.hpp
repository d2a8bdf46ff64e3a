// What a step touches, and when two steps do not commute (internal).
//
// dpor (dpor_strategy.cpp) runs one schedule per class of schedules that
// differ only in the order of adjacent independent steps. Two steps of
// different threads are dependent when swapping them could change what
// either does or whether the other can run; this file is that relation:
//  - both touch one synchronization object (a mutex, a condition variable,
//    an atomic location, an intercepted event, a managed thread's record for
//    its finish and a join of it, a plain location of racelab_instrument
//    code) and at least one of them writes it (a lock, an unlock, a store, a
//    read-modify-write, a notify, a wait; loads, plain reads and shared
//    locks only read);
//  - or both touch the memory model's global view (rc11 only: seq_cst
//    operations and fences, locks, and the synchronization that acts as a
//    full fence, memory_model.hpp);
//  - or one of them is a yield() or a sleep, a window in which memory the
//    harness does not see may change, or an intercepted wait or trywait
//    (a futex, a semaphore), which reads such memory: ordered against
//    every other step.
// Objects are compared per 8-byte word (overlapping accesses of different
// sizes conflict; a futex word is the atomic it sits in).
// A dependent pair is a race, a pair dpor may have to run the other way
// round, unless the two can never both be enabled: one releases what the
// other acquires (an unlock or a wait and a lock or a reacquire of the same
// mutex, a thread's finish and a join of it), so the acquire always comes
// second.
// The relation is conservative: a step whose effect is not known in advance
// (a compare_exchange, a try_lock) counts as writing. Memory the harness
// does not see (plain variables outside racelab_instrument code) is assumed
// free of data races; ThreadSanitizer checks that in its builds.
//
// Thread safety: plain values.
#pragma once

namespace racelab::detail {

struct step_access {
  const void* object = nullptr;  // what it touches (null: only its own thread's state)
  const void* second = nullptr;  // a wait's mutex, a reacquire's condition variable
  bool write = true;             // false: commutes with other reads of the same objects
  bool global = false;           // touches the memory model's global view
  bool everything = false;       // a yield or a sleep: ordered against every step
  bool reenters = false;         // a lock or try_lock of a recursive mutex its thread holds already
  const void* acquires = nullptr;  // the mutex (or thread) it waits to take (lock, join)
  const void* releases = nullptr;  // the mutex (or thread) it lets go (unlock, finish)
};

inline bool touches(const step_access& a, const void* object) {
  return object != nullptr && (a.object == object || a.second == object);
}

// Whether steps `a` and `b` of two different threads may fail to commute.
inline bool dependent(const step_access& a, const step_access& b) {
  if (a.everything || b.everything) return true;
  if (a.global && b.global) return true;
  if (!a.write && !b.write) return false;
  return touches(b, a.object) || touches(b, a.second);
}

// Whether `a` and `b` are dependent and may both be enabled in one state.
inline bool may_race(const step_access& a, const step_access& b) {
  if (a.releases != nullptr && a.releases == b.acquires) return false;
  if (b.releases != nullptr && b.releases == a.acquires) return false;
  return dependent(a, b);
}

}  // namespace racelab::detail
