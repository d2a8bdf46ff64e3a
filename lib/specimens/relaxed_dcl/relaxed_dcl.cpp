// relaxed_dcl: double-checked locking whose pointer is published relaxed.
//
// The first caller builds the settings under a mutex (stores its fields) and
// publishes a pointer to them; later callers take the pointer without the
// mutex. With a relaxed pointer, a caller that sees the pointer may still
// read the fields' older values: nothing orders the field stores before the
// pointer store for a thread that did not lock. The fields are atomics
// (relaxed), so ThreadSanitizer has no data race to report. A release store
// of the pointer read by an acquire load, or std::call_once's own ordering,
// makes the built settings visible with the pointer.
#include <mutex>

#include "../specimens.hpp"

namespace racelab::specimens {
namespace {

struct settings {
  racelab::atomic<int> port{0, "settings.port"};
  racelab::atomic<int> workers{0, "settings.workers"};
};

void build(settings& s) {
  s.port.store(8080, std::memory_order_relaxed);
  s.workers.store(4, std::memory_order_relaxed);
}

void check_built(const settings& s) {
  racelab::check(s.port.load(std::memory_order_relaxed) == 8080 &&
                     s.workers.load(std::memory_order_relaxed) == 4,
                 "every caller sees the settings fully built");
}

void double_checked(const workload& w, std::memory_order st, std::memory_order ld) {
  settings storage;  // built by the first caller
  racelab::atomic<settings*> instance{nullptr, "instance"};
  racelab::mutex m{"instance_lock"};
  run_workers(w, w.threads, [&](int) {
    settings* s = instance.load(ld);
    if (s == nullptr) {
      std::lock_guard<racelab::mutex> hold(m);
      s = instance.load(std::memory_order_relaxed);
      if (s == nullptr) {
        build(storage);
        s = &storage;
        instance.store(s, st);
      }
    }
    check_built(*s);
  });
}

void with_call_once(const workload& w) {
  settings storage;
  racelab::once_flag once;
  run_workers(w, w.threads, [&](int) {
    racelab::call_once(once, [&] { build(storage); });
    check_built(storage);
  });
}

}  // namespace

specimen relaxed_dcl() {
  specimen s;
  s.name = "relaxed_dcl";
  s.summary = "double-checked locking whose pointer is stored and loaded relaxed";
  s.invariant = "every caller sees the settings fully built";
  s.explanation =
      "The builder stores the fields and then the pointer, under the mutex; a caller that "
      "finds the pointer set takes no lock, and a relaxed load of the pointer orders nothing "
      "after it: the caller can read the fields' older values. Every access is atomic, so "
      "ThreadSanitizer is silent; only the C++ memory model shows it. A release store of the "
      "pointer read by an acquire load makes everything stored before it visible, and "
      "std::call_once gives every caller what the one call did.";
  s.proof_workload = {2, 1};

  s.variants = {
      memory_order_bug("relaxed",
                       [](const workload& w) {
                         double_checked(w, std::memory_order_relaxed, std::memory_order_relaxed);
                       }),
      memory_order_fix("acquire_release",
                       [](const workload& w) {
                         double_checked(w, std::memory_order_release, std::memory_order_acquire);
                       }),
      memory_order_fix("call_once", [](const workload& w) { with_call_once(w); }),
  };
  return s;
}

}  // namespace racelab::specimens
