// lazy_init: check-then-act double initialization.
//
// Each thread checks whether the shared resource exists and creates it if
// not. Two threads can both see "not yet" and both create it.
#include <memory>

#include "../specimens.hpp"

namespace racelab::specimens {
namespace {

struct resource {
  explicit resource(racelab::atomic<int>& created) { created.fetch_add(1); }
};

}  // namespace

specimen lazy_init() {
  specimen s;
  s.name = "lazy_init";
  s.summary = "check-then-act lazy initialization creates the resource twice";
  s.invariant = "the resource is created exactly once";
  s.explanation =
      "Checking `instance == nullptr` and then creating it are two steps; a second thread can "
      "check in between. Every access is atomic, so ThreadSanitizer sees no race: the bug is "
      "the gap, which the harness explores. call_once makes check and create one step "
      "(racelab::call_once is std::call_once built from racelab primitives).";
  s.proof_workload = {2, 1};

  variant racy;
  racy.name = "check_then_create";
  racy.racy = true;
  racy.kind = bug_class::atomicity_violation;
  racy.harness_flags = {Failure::check};
  racy.budget = 100;
  racy.body = [](const workload& w) {
    racelab::atomic<int> created{0, "created"};
    racelab::atomic<resource*> instance{nullptr, "instance"};
    std::unique_ptr<resource> owned[8];
    run_workers(w, w.threads, [&](int i) {
      if (instance.load() == nullptr) {
        owned[i % 8] = std::make_unique<resource>(created);
        instance.store(owned[i % 8].get());
      }
    });
    racelab::check(created.load() == 1, "created exactly once");
  };

  variant once;
  once.name = "call_once";
  once.body = [](const workload& w) {
    racelab::atomic<int> created{0, "created"};
    racelab::once_flag flag;
    std::unique_ptr<resource> instance;
    run_workers(w, w.threads, [&](int) {
      racelab::call_once(flag, [&] { instance = std::make_unique<resource>(created); });
    });
    racelab::check(created.load() == 1, "created exactly once");
  };

  s.variants = {racy, once};
  return s;
}

}  // namespace racelab::specimens
