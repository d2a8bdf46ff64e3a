// dekker: Dekker's mutual exclusion with release stores and acquire loads.
//
// A thread raises its flag and enters when the other's flag is down; on
// contention the thread whose turn it is not lowers its flag and waits for
// the turn. Like Peterson's lock it rests on a store being visible before the
// thread's next load of another location, which release/acquire does not
// give: both threads can read the other's flag as down and enter together.
#include "../specimens.hpp"

namespace racelab::specimens {
namespace {

void dekker_lock(const workload& w, std::memory_order st, std::memory_order ld) {
  racelab::atomic<bool> flag[2] = {{false, "flag0"}, {false, "flag1"}};
  racelab::atomic<int> turn{0, "turn"};
  racelab::atomic<int> inside{0, "inside"};  // threads in the critical section
  run_workers(w, 2, [&](int me) {
    const int other = 1 - me;
    for (int i = 0; i < w.operations; ++i) {
      flag[me].store(true, st);
      while (flag[other].load(ld)) {
        if (turn.load(ld) != me) {
          flag[me].store(false, st);
          while (turn.load(ld) != me)
            racelab::yield();
          flag[me].store(true, st);
        } else {
          racelab::yield();
        }
      }
      racelab::check(inside.fetch_add(1, std::memory_order_relaxed) == 0,
                     "one thread at a time in the critical section");
      inside.fetch_sub(1, std::memory_order_relaxed);
      turn.store(other, st);
      flag[me].store(false, st);
    }
  });
}

}  // namespace

specimen dekker() {
  specimen s;
  s.name = "dekker";
  s.summary = "Dekker's mutual exclusion with release stores and acquire loads";
  s.invariant = "one thread at a time in the critical section";
  s.explanation =
      "Each thread stores its flag and then loads the other's: with release/acquire the store "
      "need not be visible to the other thread yet when it loads, so both may read the other's "
      "flag as down (an older value) and enter. Every access is atomic, so ThreadSanitizer is "
      "silent; only the C++ memory model shows it. seq_cst orders every flag and turn operation "
      "in one total order consistent with each thread's program order.";
  s.proof_workload = {2, 1};

  s.variants = {
      memory_order_bug("release_acquire",
                       [](const workload& w) {
                         dekker_lock(w, std::memory_order_release, std::memory_order_acquire);
                       }),
      memory_order_fix(
          "seq_cst",
          [](const workload& w) {
            dekker_lock(w, std::memory_order_seq_cst, std::memory_order_seq_cst);
          },
          kSpinsUnderTheModel),
  };
  return s;
}

}  // namespace racelab::specimens
