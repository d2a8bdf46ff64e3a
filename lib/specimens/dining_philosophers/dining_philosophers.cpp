// dining_philosophers: five philosophers, five forks, each takes the left
// fork and then the right one.
#include <deque>
#include <mutex>

#include "../specimens.hpp"

namespace racelab::specimens {
namespace {

template <class Pick>
void dine(const workload& w, Pick order) {
  const int n = std::max(w.threads, 3);
  std::deque<racelab::mutex> forks(static_cast<std::size_t>(n));
  racelab::atomic<int> meals{0, "meals"};
  run_workers(w, n, [&](int i) {
    auto [first, second] = order(i, n);
    std::lock_guard<racelab::mutex> a(forks[static_cast<std::size_t>(first)]);
    std::lock_guard<racelab::mutex> b(forks[static_cast<std::size_t>(second)]);
    meals.fetch_add(1);
  });
  racelab::check(meals.load() == n, "every philosopher ate");
}

}  // namespace

specimen dining_philosophers() {
  specimen s;
  s.name = "dining_philosophers";
  s.summary = "philosophers each take their left fork, then their right: a five-way cycle";
  s.invariant = "every philosopher eats";
  s.explanation =
      "Fork i is taken before fork i+1 by philosopher i, and fork n-1 before fork 0 by the "
      "last: the lock order is a cycle through every fork, and when each philosopher holds "
      "their left fork nobody can eat. Taking the lower-numbered fork first (a global order) "
      "breaks the cycle: the last philosopher reaches for fork 0 first.";
  s.proof_workload = {5, 1};

  variant racy;
  racy.name = "left_then_right";
  racy.racy = true;
  racy.kind = bug_class::deadlock;
  racy.harness_flags = {Failure::lock_order_inversion, Failure::deadlock};
  racy.tsan_report = "lock-order-inversion";
  racy.plain_run_hangs = true;
  racy.budget = 10;
  racy.body = [](const workload& w) {
    dine(w, [](int i, int n) { return std::pair{i, (i + 1) % n}; });
  };

  variant fixed;
  fixed.name = "lower_fork_first";
  fixed.body = [](const workload& w) {
    dine(w, [](int i, int n) {
      return std::pair{std::min(i, (i + 1) % n), std::max(i, (i + 1) % n)};
    });
  };

  s.variants = {racy, fixed};
  return s;
}

}  // namespace racelab::specimens
