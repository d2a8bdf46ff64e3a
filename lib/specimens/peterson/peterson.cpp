// peterson: Peterson's lock with release stores and acquire loads.
//
// Each thread raises its flag, gives the turn away, and waits while the
// other's flag is up and the turn is the other's. Mutual exclusion needs each
// thread's flag store to be visible to the other thread before it reads the
// other's flag: a store followed by a load of another location, the one
// order release/acquire does not give. Both threads may read the other's
// flag as still down (store buffering) and enter together.
//
// A seq_cst fence between the stores and the loads is not enough either: the
// fences order each thread's flag store before the other's loads, but not the
// two turn stores against each other (C++ orders two stores by fences only
// when they sit on opposite sides of them), so the later thread can read the
// earlier thread's turn as the last one and enter too. The fixes: seq_cst on
// every flag and turn access, or the turn taken with an acq_rel exchange, so
// the second thread to take it sees the first one's flag.
#include "../specimens.hpp"

namespace racelab::specimens {
namespace {

enum class ordering { release_acquire, seq_cst_fence, seq_cst, exchange_turn };

void peterson_lock(const workload& w, ordering how) {
  const std::memory_order st =
      how == ordering::seq_cst ? std::memory_order_seq_cst : std::memory_order_release;
  const std::memory_order ld =
      how == ordering::seq_cst ? std::memory_order_seq_cst : std::memory_order_acquire;
  racelab::atomic<bool> flag[2] = {{false, "flag0"}, {false, "flag1"}};
  racelab::atomic<int> turn{0, "turn"};
  racelab::atomic<int> inside{0, "inside"};  // threads in the critical section
  run_workers(w, 2, [&](int me) {
    const int other = 1 - me;
    for (int i = 0; i < w.operations; ++i) {
      flag[me].store(true, st);
      if (how == ordering::exchange_turn) {
        turn.exchange(other, std::memory_order_acq_rel);
      } else {
        turn.store(other, st);
      }
      if (how == ordering::seq_cst_fence) racelab::atomic_thread_fence(std::memory_order_seq_cst);
      while (flag[other].load(ld) && turn.load(ld) == other)
        racelab::yield();
      racelab::check(inside.fetch_add(1, std::memory_order_relaxed) == 0,
                     "one thread at a time in the critical section");
      inside.fetch_sub(1, std::memory_order_relaxed);
      flag[me].store(false, std::memory_order_release);
    }
  });
}

}  // namespace

specimen peterson() {
  specimen s;
  s.name = "peterson";
  s.summary = "Peterson's lock with release stores and acquire loads";
  s.invariant = "one thread at a time in the critical section";
  s.explanation =
      "Each thread stores its flag and then loads the other's. Release/acquire orders a store "
      "before later stores and a load before later accesses, never a store before a later load "
      "of another location: each thread may still read the other's flag as down (an older "
      "value) and both enter. Every access is atomic, so ThreadSanitizer is silent; only the C++ "
      "memory model shows it. A seq_cst fence between the stores and the loads still leaves the "
      "two turn stores unordered against the fences, so the later thread may read the other's "
      "turn as the last one and enter as well. seq_cst on every flag and turn access puts them "
      "in one total order; an acq_rel exchange of the turn makes the second thread to take it "
      "see the first one's flag.";
  s.proof_workload = {2, 1};

  s.variants = {
      memory_order_bug("release_acquire",
                       [](const workload& w) { peterson_lock(w, ordering::release_acquire); }),
      memory_order_bug(
          "seq_cst_fence", [](const workload& w) { peterson_lock(w, ordering::seq_cst_fence); },
          1000),
      memory_order_fix(
          "seq_cst", [](const workload& w) { peterson_lock(w, ordering::seq_cst); },
          kSpinsUnderTheModel),
      memory_order_fix(
          "exchange_turn", [](const workload& w) { peterson_lock(w, ordering::exchange_turn); },
          kSpinsUnderTheModel),
  };
  return s;
}

}  // namespace racelab::specimens
