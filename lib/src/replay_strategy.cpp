// replay: follows a recorded list of picks exactly.
#include "strategy.hpp"

#include <algorithm>
#include <string>

#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {
namespace {

// A schedule recorded from a data race ends at the racing step; if TSan
// misses the race on the replay (README, "ThreadSanitizer": it keeps four
// accesses per 8-byte word and a limited history), the program runs on.
const std::string kMissedRace =
    tsan::enabled ? " (if this schedule was recorded from a data race, ThreadSanitizer missed the "
                    "race this time: it keeps four accesses per 8-byte word and a limited history; "
                    "see README, \"ThreadSanitizer\")"
                  : "";

class replay_strategy final : public strategy {
 public:
  explicit replay_strategy(std::vector<int> picks) : picks_(std::move(picks)) {}

  bool begin_schedule() override {
    next_ = 0;
    return true;
  }

  int pick(const std::vector<int>& enabled, int, bool) override {
    if (next_ >= picks_.size()) {
      throw replay_diverged{"the schedule has " + std::to_string(picks_.size()) +
                            " steps but the program wants to run more" + kMissedRace};
    }
    const int want = picks_[next_++];
    if (want < 0) {
      throw replay_diverged{"at step " + std::to_string(next_) +
                            " the schedule records a choice but the program schedules a thread"};
    }
    if (std::find(enabled.begin(), enabled.end(), want) == enabled.end()) {
      std::string offered;
      for (int t : enabled)
        offered += (offered.empty() ? "T" : ", T") + std::to_string(t);
      throw replay_diverged{"at step " + std::to_string(next_) + " the schedule runs T" +
                            std::to_string(want) + " but only " + offered + " can run"};
    }
    return want;
  }

  int choose(int count) override {
    if (next_ >= picks_.size()) {
      throw replay_diverged{"the schedule has " + std::to_string(picks_.size()) +
                            " steps but the program makes another choice"};
    }
    const int want = picks_[next_++];
    if (want >= 0 || -want - 1 >= count) {
      throw replay_diverged{
          "at step " + std::to_string(next_) + " the program makes a choice of " +
          std::to_string(count) + " where the schedule has " +
          (want >= 0 ? "T" + std::to_string(want) : "c" + std::to_string(-want - 1))};
    }
    return -want - 1;
  }

  std::string describe() const override { return "replay"; }

 private:
  std::vector<int> picks_;
  std::size_t next_ = 0;
};

}  // namespace

std::unique_ptr<strategy> make_replay_strategy(std::vector<int> picks) {
  return std::make_unique<replay_strategy>(std::move(picks));
}

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
