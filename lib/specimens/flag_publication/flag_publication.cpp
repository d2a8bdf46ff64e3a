// flag_publication: plain data published through a relaxed flag.
//
// The producer writes the payload and then sets a flag; the consumer waits
// for the flag and reads the payload. With memory_order_relaxed the flag
// orders nothing: the consumer may see the flag and a stale payload.
#include "../specimens.hpp"

namespace racelab::specimens {
namespace {

void publish(const workload& w, std::memory_order store, std::memory_order load) {
  int payload = 0;
  racelab::atomic<bool> ready{false, "ready"};
  run_workers(w, 2, [&](int i) {
    if (i == 0) {
      payload = 42;
      ready.store(true, store);
    } else {
      while (!ready.load(load))
        racelab::yield();  // wait for the flag
      racelab::check(payload == 42, "a reader that sees the flag sees the payload");
    }
  });
}

}  // namespace

specimen flag_publication() {
  specimen s;
  s.name = "flag_publication";
  s.summary = "plain data published through a flag stored and loaded relaxed";
  s.invariant = "a reader that sees the flag sees the payload";
  s.explanation =
      "A relaxed store orders nothing before it: another core may see the flag before the "
      "payload, and the compiler may reorder them. No interleaving of whole operations shows "
      "this, so the harness alone cannot; ThreadSanitizer can, because no happens-before edge "
      "joins the write and the read. A release store read by an acquire load creates that edge.";
  s.proof_workload = {2, 1};

  variant racy;
  racy.name = "relaxed";
  racy.racy = true;
  racy.kind = bug_class::data_race;
  racy.harness_flags = {Failure::data_race};
  racy.tsan_report = "data race";
  racy.needs_tsan = true;
  racy.budget = 20;
  racy.body = [](const workload& w) {
    publish(w, std::memory_order_relaxed, std::memory_order_relaxed);
  };

  variant fixed;
  fixed.name = "release_acquire";
  fixed.body = [](const workload& w) {
    publish(w, std::memory_order_release, std::memory_order_acquire);
  };

  s.variants = {racy, fixed};
  return s;
}

}  // namespace racelab::specimens
