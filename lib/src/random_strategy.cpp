// random: a uniform choice among the enabled threads at every step.
#include <random>

#include "strategy.hpp"
#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {
namespace {

class random_strategy final : public strategy {
 public:
  explicit random_strategy(std::uint64_t seed) : seed_(seed), rng_(seed) {}

  bool begin_schedule() override { return true; }

  bool seeded() const override { return true; }
  void seek(int schedule) override { rng_.seed(schedule_seed(seed_, schedule)); }

  int pick(const std::vector<int>& enabled, int, bool) override {
    std::uniform_int_distribution<std::size_t> index(0, enabled.size() - 1);
    return enabled[index(rng_)];
  }

  int choose(int count) override {
    std::uniform_int_distribution<int> answer(0, count - 1);
    return answer(rng_);
  }

  std::string describe() const override { return "random, seed " + std::to_string(seed_); }

 private:
  std::uint64_t seed_;
  schedule_rng rng_;
};

}  // namespace

std::unique_ptr<strategy> make_random_strategy(std::uint64_t seed) {
  return std::make_unique<random_strategy>(seed);
}

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
