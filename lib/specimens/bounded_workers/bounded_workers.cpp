// bounded_workers: at most N workers may be active; check-then-increment
// lets more in, and so does a slot of a std::counting_semaphore released
// twice on an error path. The semaphore variants are written with std types
// (explored through racelab::intercept).
#include <semaphore>
#include <stdexcept>

#include "../specimens.hpp"

namespace racelab::specimens {
namespace {

constexpr int kLimit = 1;

// A worker's time in its slot: counts itself in, checks the limit, works
// (which takes time: others run meanwhile), leaves.
void occupy(racelab::atomic<int>& active) {
  const int now = active.fetch_add(1) + 1;
  racelab::check(now <= kLimit, "no more than the limit of workers active at once");
  racelab::yield();  // working
  active.fetch_sub(1);
}

}  // namespace

specimen bounded_workers() {
  specimen s;
  s.name = "bounded_workers";
  s.summary = "check-then-increment admits more workers than the limit";
  s.invariant = "at most 1 worker is active at any time";
  s.explanation =
      "Checking `active < limit` and then incrementing are two steps: several workers pass the "
      "check before any increments. All accesses are atomic, so ThreadSanitizer is silent. A "
      "counting semaphore makes checking and taking a slot one step, as long as every slot taken "
      "is released exactly once: an error path that releases as well as the normal path lets "
      "one more worker in for good.";
  s.proof_workload = {2, 1};

  variant racy;
  racy.name = "check_then_increment";
  racy.racy = true;
  racy.kind = bug_class::atomicity_violation;
  racy.harness_flags = {Failure::check};
  racy.budget = 100;
  racy.body = [](const workload& w) {
    racelab::atomic<int> active{0, "active"};
    run_workers(w, w.threads, [&](int) {
      if (active.load() < kLimit) occupy(active);  // check, then increment
    });
  };

  // The last worker's job fails; its error path returns the slot, and so
  // does the normal path after it: the semaphore now has a slot too many.
  variant twice;
  twice.name = "release_twice_on_error";
  twice.racy = true;
  twice.kind = bug_class::misuse;
  twice.harness_flags = {Failure::check};
  twice.budget = 100;
  twice.std_types = true;
  twice.body = [](const workload& w) {
    std::counting_semaphore<> slots(kLimit);
    racelab::atomic<int> active{0, "active"};
    run_workers(w, w.threads + 1, [&](int i) {
      slots.acquire();
      try {
        if (i == w.threads) throw std::runtime_error("job failed");
        occupy(active);
      } catch (const std::runtime_error&) {
        slots.release();  // the error path gives the slot back...
      }
      slots.release();  // ...and so does every path
    });
  };

  variant fixed;
  fixed.name = "counting_semaphore";
  fixed.std_types = true;
  fixed.body = [](const workload& w) {
    std::counting_semaphore<> slots(kLimit);
    racelab::atomic<int> active{0, "active"};
    run_workers(w, w.threads, [&](int) {
      slots.acquire();
      occupy(active);
      slots.release();
    });
  };

  s.variants = {racy, twice, fixed};
  return s;
}

}  // namespace racelab::specimens
