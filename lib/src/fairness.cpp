#include "fairness.hpp"

#include <algorithm>

namespace racelab::detail {

void fairness::reset(long fair_after) {
  threads_.clear();
  effects_ = 0;
  steps_ = 0;
  fair_after_ = fair_after;
}

void fairness::thread_created(int thread) {
  if (threads_.size() <= static_cast<std::size_t>(thread))
    threads_.resize(static_cast<std::size_t>(thread) + 1);
}

void fairness::stepped(int thread, bool quiet, std::uint64_t signature) {
  thread_created(thread);
  thread_state& t = threads_[static_cast<std::size_t>(thread)];
  t.last_ran = ++steps_;
  if (!quiet) {
    ++effects_;
    t.window.clear();
    t.repeating = false;
    t.seen_effects = effects_;
    return;
  }
  if (t.seen_effects != effects_) {  // something changed since its window began
    t.window.clear();
    t.repeating = false;
    t.seen_effects = effects_;
  }
  if (std::find(t.window.begin(), t.window.end(), signature) != t.window.end()) {
    t.repeating = true;
  } else if (t.window.size() < kWindow) {
    t.window.push_back(signature);
  }
}

bool fairness::spinning(int thread) const {
  if (static_cast<std::size_t>(thread) >= threads_.size()) return false;
  const thread_state& t = threads_[static_cast<std::size_t>(thread)];
  return t.repeating && t.seen_effects == effects_;
}

std::vector<int> fairness::offered(const std::vector<int>& enabled) const {
  std::vector<int> out;
  for (int t : enabled) {
    if (!spinning(t)) out.push_back(t);
  }
  if (out.empty()) out = enabled;
  if (fair_mode() && out.size() > 1) {
    auto last_ran = [this](int t) {
      return static_cast<std::size_t>(t) < threads_.size()
                 ? threads_[static_cast<std::size_t>(t)].last_ran
                 : -1;
    };
    const int oldest = *std::min_element(out.begin(), out.end(),
                                         [&](int a, int b) { return last_ran(a) < last_ran(b); });
    out.assign(1, oldest);
  }
  return out;
}

}  // namespace racelab::detail
