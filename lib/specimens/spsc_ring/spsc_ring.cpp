// spsc_ring: a single-producer single-consumer ring whose indices are
// published with relaxed stores.
//
// The producer writes an item into the slot at `tail` and then advances
// `tail`; the consumer waits until `tail` is past `head`, reads the slot and
// advances `head`. The slots are atomics stored and loaded relaxed (so
// ThreadSanitizer has no data race to report); the indices must carry the
// ordering. With relaxed indices the consumer can see the new tail and still
// read the slot's older value. Release stores of the indices, read by
// acquire loads, make the slot write visible to whoever sees the index.
#include "../specimens.hpp"

namespace racelab::specimens {
namespace {

constexpr unsigned kCapacity = 2;

void ring(const workload& w, std::memory_order st, std::memory_order ld) {
  racelab::atomic<int> slot[kCapacity] = {{0, "slot0"}, {0, "slot1"}};
  racelab::atomic<unsigned> head{0, "head"}, tail{0, "tail"};
  const int items = w.operations;
  run_workers(w, 2, [&](int me) {
    if (me == 0) {  // the producer: items 1..n
      for (int item = 1; item <= items; ++item) {
        const unsigned t = tail.load(std::memory_order_relaxed);
        while (t - head.load(ld) == kCapacity)
          racelab::yield();  // full
        slot[t % kCapacity].store(item, std::memory_order_relaxed);
        tail.store(t + 1, st);
      }
    } else {  // the consumer
      for (int expected = 1; expected <= items; ++expected) {
        const unsigned h = head.load(std::memory_order_relaxed);
        while (tail.load(ld) == h)
          racelab::yield();  // empty
        const int item = slot[h % kCapacity].load(std::memory_order_relaxed);
        racelab::check(item == expected, "the consumer takes every item, in order, as written");
        head.store(h + 1, st);
      }
    }
  });
}

}  // namespace

specimen spsc_ring() {
  specimen s;
  s.name = "spsc_ring";
  s.summary = "a single-producer single-consumer ring publishing its indices relaxed";
  s.invariant = "the consumer takes every item, in order, as written";
  s.explanation =
      "The producer stores the item and then the new tail, both relaxed: nothing makes the item "
      "visible to a thread that sees the tail, so the consumer can read the slot's older value. "
      "Every access is atomic, so ThreadSanitizer is silent; only the C++ memory model shows it. "
      "A release store of the tail, read by an acquire load, carries the item with it (and the "
      "same on head carries the consumer's read before the producer reuses the slot).";
  s.proof_workload = {2, 2};

  s.variants = {
      memory_order_bug(
          "relaxed",
          [](const workload& w) { ring(w, std::memory_order_relaxed, std::memory_order_relaxed); }),
      memory_order_fix(
          "release_acquire",
          [](const workload& w) { ring(w, std::memory_order_release, std::memory_order_acquire); },
          kSpinsUnderTheModel),
  };
  return s;
}

}  // namespace racelab::specimens
