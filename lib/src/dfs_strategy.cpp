// dfs: systematic depth-first enumeration of schedules (stateless model
// checking in the style of CHESS), optionally preemption-bounded.
//
// The current schedule is a stack of decisions. Each decision remembers the
// enabled threads it saw, ordered with the previously running thread first
// (continuing it is not a preemption), and which of them was taken. The next
// schedule replays the stack up to the deepest decision that still has an
// untried alternative within the preemption bound, takes that alternative,
// and continues with first choices. When no decision has one left, the space
// is exhausted. A preemption is switching away from a thread that is still
// enabled; with bound b every schedule with at most b preemptions is run.
// Switching away from a thread right after its yield() is no preemption (as
// in CHESS) and is tried first; continuing it is explored too. Spin loops stay finite because
// fairness (fairness.hpp) stops offering a thread that repeats an unchanged
// read while another thread can run. The answers of choose() (a spurious
// wake-up, a spurious compare_exchange_weak failure, another waiter for
// notify_one) are explored the same way, the usual answer first; every other
// answer counts against the preemption bound like a preemption, so bound 0
// explores none of them.
// Sharded, it runs the schedules of its own prefixes (prefix_shards,
// strategy.hpp): together the shards run exactly these schedules, each once.
#include "strategy.hpp"
#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {
namespace {

class dfs_strategy final : public strategy {
 public:
  explicit dfs_strategy(int bound) : bound_(bound) {}

  bool begin_schedule() override {
    depth_ = 0;
    if (!started_) {
      started_ = true;
      shards_.assigned = false;
      return true;
    }
    while (!stack_.empty()) {
      decision& d = stack_.back();
      if (shards_.foreign(d.level)) {
        stack_.pop_back();
        continue;
      }
      if (d.taken + 1 < d.options.size() && within_bound(d, d.taken + 1)) {
        ++d.taken;
        if (!shards_.take_branch(d.level)) continue;
        return true;
      }
      stack_.pop_back();
    }
    exhausted_ = true;
    return false;
  }

  void shard(int total, int index) override {
    shards_.total = total;
    shards_.index = index;
  }
  bool counted() const override { return shards_.owned; }
  void end_schedule(int) override { shards_.end_schedule(); }

  int pick(const std::vector<int>& enabled, int previous, bool yielded) override {
    const std::vector<int> options = preference_order(enabled, previous, yielded);
    return decide(options, !yielded && options.front() == previous, false);
  }

  int choose(int count) override {
    std::vector<int> options(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i)
      options[static_cast<std::size_t>(i)] = i;
    return decide(options, false, true);
  }

  bool exhausted() const override { return exhausted_; }

  std::string describe() const override {
    return bound_ < 0 ? "dfs, unbounded" : "dfs, preemption bound " + std::to_string(bound_);
  }

 private:
  struct decision {
    std::vector<int> options;  // threads (previously running one first), or answers
    int level = 0;             // branching decisions from the root to here, this one included
    std::size_t taken = 0;
    bool previous_enabled = false;
    bool choice = false;  // a choose(): any answer but the first counts against the bound
    int preemptions_before = 0;
  };

  int decide(const std::vector<int>& options, bool previous_enabled, bool choice) {
    if (depth_ < stack_.size()) {
      const decision& d = stack_[depth_];
      if (options != d.options || choice != d.choice) {
        throw nondeterminism{"at step " + std::to_string(depth_ + 1) +
                             " the enabled threads differ from an earlier run of the same "
                             "schedule prefix"};
      }
      ++depth_;
      return d.options[d.taken];
    }
    decision d;
    d.options = options;
    d.level = (stack_.empty() ? 0 : stack_.back().level) + (options.size() >= 2 ? 1 : 0);
    if (options.size() >= 2) shards_.reached(d.level);
    d.previous_enabled = previous_enabled;
    d.choice = choice;
    d.preemptions_before = preemptions_at(depth_);
    stack_.push_back(std::move(d));
    ++depth_;
    return stack_.back().options.front();
  }

  static bool is_preemption(const decision& d, std::size_t option) {
    return (d.previous_enabled || d.choice) && option != 0;
  }

  int preemptions_at(std::size_t depth) const {
    if (depth == 0) return 0;
    const decision& d = stack_[depth - 1];
    return d.preemptions_before + (is_preemption(d, d.taken) ? 1 : 0);
  }

  bool within_bound(const decision& d, std::size_t option) const {
    return bound_ < 0 || d.preemptions_before + (is_preemption(d, option) ? 1 : 0) <= bound_;
  }

  int bound_;
  std::vector<decision> stack_;
  std::size_t depth_ = 0;
  bool started_ = false;
  bool exhausted_ = false;
  prefix_shards shards_;
};

}  // namespace

std::unique_ptr<strategy> make_dfs_strategy(int preemption_bound) {
  return std::make_unique<dfs_strategy>(preemption_bound);
}

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
