// counter: the read-modify-write lost update.
//
// Each worker reads the count, and writes back one more. Two workers that
// both read 0 both write 1: an increment is lost. The window between the
// read and the write is marked with racelab::yield(), a scheduling point
// standing for "another thread may run here", which it always may.
#include "../specimens.hpp"

namespace racelab::specimens {

specimen counter() {
  specimen s;
  s.name = "counter";
  s.summary = "threads increment a shared count with a separate read and write";
  s.invariant = "count == threads x operations";
  s.explanation =
      "count = count + 1 is a read, an add and a write; two threads that read the same value "
      "write the same result and one increment vanishes. A mutex makes the three steps one "
      "critical section; atomic fetch_add makes them one indivisible operation.";
  s.proof_workload = {2, 1};

  variant racy;
  racy.name = "unsynchronized";
  racy.racy = true;
  racy.kind = bug_class::data_race;
  racy.harness_flags = {Failure::check, Failure::data_race};
  racy.tsan_report = "data race";
  racy.budget = 50;
  racy.body = [](const workload& w) {
    int count = 0;
    run_workers(w, w.threads, [&](int) {
      for (int i = 0; i < w.operations; ++i) {
        const int seen = count;
        racelab::yield();  // the window between read and write
        count = seen + 1;
      }
    });
    racelab::check(count == w.threads * w.operations, "count == threads x operations");
  };

  variant with_mutex;
  with_mutex.name = "mutex";
  with_mutex.body = [](const workload& w) {
    int count = 0;
    racelab::mutex m{"count_mutex"};
    run_workers(w, w.threads, [&](int) {
      for (int i = 0; i < w.operations; ++i) {
        std::lock_guard<racelab::mutex> hold(m);
        const int seen = count;
        racelab::yield();
        count = seen + 1;
      }
    });
    racelab::check(count == w.threads * w.operations, "count == threads x operations");
  };

  variant with_atomic;
  with_atomic.name = "atomic_fetch_add";
  with_atomic.body = [](const workload& w) {
    racelab::atomic<int> count{0, "count"};
    run_workers(w, w.threads, [&](int) {
      for (int i = 0; i < w.operations; ++i)
        count.fetch_add(1);
    });
    racelab::check(count.load() == w.threads * w.operations, "count == threads x operations");
  };

  s.variants = {racy, with_mutex, with_atomic};
  return s;
}

}  // namespace racelab::specimens
