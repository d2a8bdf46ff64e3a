// bounded_workers: at most N workers may be active; check-then-increment
// lets more in.
#include <mutex>

#include "../specimens.hpp"

namespace racelab::specimens {
namespace {

constexpr int kLimit = 1;

// A counting semaphore from a mutex and a condition variable, so the
// harness sees every wait (std::counting_semaphore would block outside it).
class counting_semaphore {
 public:
  explicit counting_semaphore(int count) : count_(count) {}
  void acquire() {
    std::unique_lock<racelab::mutex> lock(m_);
    freed_.wait(lock, [&] { return count_ > 0; });
    --count_;
  }
  void release() {
    std::lock_guard<racelab::mutex> hold(m_);
    ++count_;
    freed_.notify_one();
  }

 private:
  racelab::mutex m_{"semaphore_mutex"};
  racelab::condition_variable freed_{"freed"};
  int count_;
};

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
      "counting semaphore makes checking and taking a slot one step.";
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

  variant fixed;
  fixed.name = "counting_semaphore";
  fixed.body = [](const workload& w) {
    counting_semaphore slots(kLimit);
    racelab::atomic<int> active{0, "active"};
    run_workers(w, w.threads, [&](int) {
      slots.acquire();
      occupy(active);
      slots.release();
    });
  };

  s.variants = {racy, fixed};
  return s;
}

}  // namespace racelab::specimens
