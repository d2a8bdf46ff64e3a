// pct: probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi,
// Nagarakatte, "A Randomized Scheduler with Probabilistic Guarantees of
// Finding Bugs", ASPLOS 2010).
//
// Each thread gets a random priority when it is created, all above `depth`;
// d-1 change points are drawn uniformly from the estimated number of steps k.
// At every step the highest-priority enabled thread runs; when the step count
// reaches the i-th change point, the thread about to run drops to priority i
// (below every initial priority). For a bug of depth d in a program of n
// threads and k steps, one schedule finds it with probability at least
// 1/(n k^(d-1)). k is estimated from the length of schedule 1 (at least 8),
// and schedule g draws from a generator seeded by (seed, g): each schedule
// is a function of the seed and its number alone, so shards of one
// exploration can each run their own numbers (explore.cpp).
// A yield is honoured as the hint it is: the step after it goes to the
// highest-priority other thread, and priorities stay as they were. Spin-waits
// are handled by fairness (fairness.hpp): a spinning thread is not offered
// while another can run, whatever its priority.
// Steps and k count only real decisions (two or more enabled threads): a
// change point on a forced step would be wasted, and thread start, finish
// and join steps are often forced.
#include <algorithm>
#include <limits>
#include <random>

#include "strategy.hpp"
#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {
namespace {

class pct_strategy final : public strategy {
 public:
  pct_strategy(std::uint64_t seed, int depth)
      : seed_(seed), depth_(std::max(depth, 1)), rng_(seed) {}

  bool seeded() const override { return true; }
  void seek(int schedule) override {
    schedule_ = schedule;
    rng_.seed(schedule_seed(seed_, schedule));
  }
  bool needed_by_every_shard(int schedule) const override { return schedule == 1; }

  bool begin_schedule() override {
    priorities_.clear();
    step_ = 0;
    change_points_.clear();
    std::uniform_int_distribution<int> at(1, std::max(estimated_steps_, 1));
    for (int i = 1; i < depth_; ++i)
      change_points_.push_back(at(rng_));
    first_change_ = change_points_.empty()
                        ? std::numeric_limits<int>::max()
                        : *std::min_element(change_points_.begin(), change_points_.end());
    return true;
  }

  void thread_created(int thread) override {
    while (priorities_.size() <= static_cast<std::size_t>(thread))
      priorities_.push_back(0);
    // Initial priorities lie above every change-point priority (1..depth-1);
    // ties are broken by thread number, so distinct draws are not required.
    std::uniform_int_distribution<std::uint64_t> draw(1, 1ULL << 40);
    priorities_[static_cast<std::size_t>(thread)] = static_cast<std::uint64_t>(depth_) + draw(rng_);
  }

  int pick(const std::vector<int>& enabled, int previous, bool yielded) override {
    if (enabled.size() == 1) return enabled.front();
    ++step_;
    const int skip = yielded ? previous : -1;
    int chosen = highest(enabled, skip);
    if (step_ < first_change_) return chosen;
    for (std::size_t i = 0; i < change_points_.size(); ++i) {
      if (change_points_[i] == step_) {
        priorities_[static_cast<std::size_t>(chosen)] = i + 1;
        chosen = highest(enabled, skip);
      }
    }
    return chosen;
  }

  // Choices are not priorities: each answer is equally likely, from the
  // same seeded generator, so schedules stay a function of the seed.
  int choose(int count) override {
    std::uniform_int_distribution<int> answer(0, count - 1);
    return answer(rng_);
  }

  // The estimate is schedule 1's length, so that schedule g is a function
  // of (seed, g) alone, whichever schedules ran before it (sharding).
  void end_schedule(int) override {
    if (schedule_ == 1) estimated_steps_ = std::max(estimated_steps_, step_);
  }

  std::string describe() const override {
    return "pct, depth " + std::to_string(depth_) + ", seed " + std::to_string(seed_);
  }

 private:
  // The highest-priority enabled thread other than `skip` (when there is one).
  int highest(const std::vector<int>& enabled, int skip) const {
    int best = -1;
    for (int t : enabled) {
      if (t != skip && (best < 0 || priority(t) > priority(best))) best = t;
    }
    return best >= 0 ? best : enabled.front();
  }
  std::uint64_t priority(int t) const {
    return static_cast<std::size_t>(t) < priorities_.size()
               ? priorities_[static_cast<std::size_t>(t)]
               : 0;
  }

  std::uint64_t seed_;
  int depth_;
  schedule_rng rng_;
  std::vector<std::uint64_t> priorities_;
  std::vector<int> change_points_;
  int first_change_ = 0;  // the earliest change point
  int step_ = 0;
  int estimated_steps_ = 8;  // decisions per schedule: schedule 1's, at least 8
  int schedule_ = 0;
};

}  // namespace

std::unique_ptr<strategy> make_pct_strategy(std::uint64_t seed, int depth) {
  return std::make_unique<pct_strategy>(seed, depth);
}

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
