#include "fairness.hpp"

#include <algorithm>

#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {

void fairness::reset(long fair_after) {
  size_ = 0;  // the states stay allocated: thread_created() resets them
  effects_ = 0;
  steps_ = 0;
  fair_after_ = fair_after;
  any_repeating_ = false;
}

void fairness::thread_created(int thread) {
  const auto wanted = static_cast<std::size_t>(thread) + 1;
  if (threads_.size() < wanted) threads_.resize(wanted);
  for (; size_ < wanted; ++size_) {
    thread_state& t = threads_[size_];  // as new, keeping its windows' storage
    t.own_effects = t.reads_since = t.yields_since = 0;
    t.reads.clear();
    t.yields.clear();
    t.repeating_read = t.repeating_yield = false;
    t.last_ran = -1;
  }
}

void fairness::stepped_otherwise(int thread, bool quiet, bool yield, std::uint64_t signature,
                                 bool stale) {
  if (static_cast<std::size_t>(thread) >= size_) thread_created(thread);
  if (!quiet && !stale) {  // an effect: stepped() counts it, now that the thread is known
    stepped(thread, quiet, yield, signature, stale);
    return;
  }
  thread_state& t = threads_[static_cast<std::size_t>(thread)];
  t.last_ran = ++steps_;
  const std::uint64_t others = effects_ - t.own_effects;
  if (stale) {
    // Its next read of the location may see a newer value with nobody
    // changing anything: the thread can progress alone, so both of its
    // windows start again (the others' do not: it changed nothing).
    t.reads.clear();
    t.repeating_read = false;
    t.reads_since = effects_;
    t.yields.clear();
    t.repeating_yield = false;
    t.yields_since = others;
    return;
  }
  if (yield) {
    // A yield says "let the others run": passing the same yield again before
    // any other thread has changed anything is waiting, whatever the thread
    // did itself in between (a polling loop locks and unlocks).
    if (t.yields_since != others) {
      t.yields.clear();
      t.repeating_yield = false;
      t.yields_since = others;
    }
    remember(t.yields, t.repeating_yield, signature);
    return;
  }
  if (t.reads_since != effects_) {  // something changed since its window began
    t.reads.clear();
    t.repeating_read = false;
    t.reads_since = effects_;
  }
  remember(t.reads, t.repeating_read, signature);
}

void fairness::remember(std::vector<std::uint64_t>& window, bool& repeating,
                        std::uint64_t signature) {
  if (std::find(window.begin(), window.end(), signature) != window.end()) {
    repeating = true;
    any_repeating_ = true;
  } else if (window.size() < kWindow) {
    window.push_back(signature);
  }
}

bool fairness::spinning(int thread) const {
  if (static_cast<std::size_t>(thread) >= size_) return false;
  const thread_state& t = threads_[static_cast<std::size_t>(thread)];
  return (t.repeating_read && t.reads_since == effects_) ||
         (t.repeating_yield && t.yields_since == effects_ - t.own_effects);
}

std::vector<int> fairness::offered(const std::vector<int>& enabled) const {
  std::vector<int> out;
  offered(enabled, out);
  return out;
}

void fairness::offered(const std::vector<int>& enabled, std::vector<int>& out) const {
  out.clear();
  for (int t : enabled) {
    if (!spinning(t)) out.push_back(t);
  }
  if (out.empty()) out.assign(enabled.begin(), enabled.end());
  if (fair_mode() && out.size() > 1) {
    auto last_ran = [this](int t) {
      return static_cast<std::size_t>(t) < size_ ? threads_[static_cast<std::size_t>(t)].last_ran
                                                 : -1;
    };
    const int oldest = *std::min_element(out.begin(), out.end(),
                                         [&](int a, int b) { return last_ran(a) < last_ran(b); });
    out.assign(1, oldest);
  }
}

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
