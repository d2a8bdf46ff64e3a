// pipeline: a bike shop of three stages (frames are built, wheels fitted,
// bikes inspected) connected by bounded queues of one place; the wheel stage
// stops early at a cracked frame. Written with std types (std::mutex,
// std::condition_variable, std::thread): explored through racelab::intercept.
#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "../specimens.hpp"

namespace racelab::specimens {
namespace {

// A bounded FIFO queue of one place that its consumer can close. push()
// waits for the place, pop() for an item; once closed, push() refuses
// (returns false). `Notify`: whether close() wakes a waiting producer.
template <bool Notify>
class closable_queue {
 public:
  explicit closable_queue(const char* label) {
    racelab::name(m_, label);
    racelab::name(changed_, label);
  }
  bool push(int item) {
    std::unique_lock<std::mutex> lock(m_);
    changed_.wait(lock, [this] { return closed_ || !full_; });
    if (closed_) return false;
    item_ = item;
    full_ = true;
    changed_.notify_all();
    return true;
  }
  int pop() {
    std::unique_lock<std::mutex> lock(m_);
    changed_.wait(lock, [this] { return full_; });
    full_ = false;
    changed_.notify_all();
    return item_;
  }
  void close() {
    {
      std::lock_guard<std::mutex> hold(m_);
      closed_ = true;
    }
    if (Notify) changed_.notify_all();
  }

 private:
  std::mutex m_;
  std::condition_variable changed_;  // the place was filled or emptied, or the queue closed
  int item_ = 0;
  bool full_ = false;
  bool closed_ = false;
};

constexpr int kEnd = 0;  // the poison pill: no more items after it

// The shop: frames 1..w.operations, then the pill; the last frame but one
// is cracked (the first, when there is one frame). With one place per
// queue, the builder still has the last frame and the pill to push after
// the wheel stage stopped. Every bike before the cracked frame must be
// inspected, and every stage must end.
// `wheels(frames, bikes, cracked)` is the middle stage; the versions differ there and
// in whether closing a queue wakes its producer.
template <bool Notify, class Wheels>
void bike_shop(const workload& w, Wheels wheels) {
  const int cracked = std::max(w.operations - 1, 1);
  closable_queue<Notify> frames("frames");
  closable_queue<Notify> bikes("bikes");
  int inspected = 0;
  std::thread build([&] {
    for (int f = 1; f <= w.operations; ++f) {
      if (!frames.push(f)) return;  // the wheel stage stopped: so does the builder
    }
    frames.push(kEnd);
  });
  std::thread fit([&] { wheels(frames, bikes, cracked); });
  std::thread inspect([&] {
    while (bikes.pop() != kEnd)
      ++inspected;
  });
  build.join();
  fit.join();
  inspect.join();
  racelab::check(inspected == cracked - 1, "every bike before the cracked frame is inspected");
}

// The bug: the wheel stage stops at the cracked frame and tells only the
// stage downstream (the pill). The builder, with a frame and its pill left to
// push into a full queue, waits for a place nobody will ever make.
constexpr auto stop_without_closing_input = [](auto& frames, auto& bikes, int cracked) {
  for (int f = frames.pop(); f != kEnd && f != cracked; f = frames.pop())
    bikes.push(f);
  bikes.push(kEnd);
};

// The fix: a stage that stops early closes its input too, so the stage
// upstream stops pushing (push returns false) instead of waiting.
constexpr auto close_both_ways = [](auto& frames, auto& bikes, int cracked) {
  for (int f = frames.pop(); f != kEnd && f != cracked; f = frames.pop())
    bikes.push(f);
  frames.close();
  bikes.push(kEnd);
};

// The fix without closing: after the cracked frame, keep taking frames and
// throw them away until the builder's pill, so the builder never waits on a
// full queue.
constexpr auto drain_to_the_pill = [](auto& frames, auto& bikes, int cracked) {
  bool refused = false;
  for (int f = frames.pop(); f != kEnd; f = frames.pop()) {
    refused = refused || f == cracked;
    if (!refused) bikes.push(f);
  }
  bikes.push(kEnd);
};

}  // namespace

specimen pipeline() {
  specimen s;
  s.name = "pipeline";
  s.summary = "a three-stage pipeline whose early-stopping stage leaves its producer blocked";
  s.invariant = "every bike before the cracked frame is inspected, and every stage ends";
  s.explanation =
      "Stages joined by bounded queues wait on each other both ways: a consumer for an item, a "
      "producer for a place. The end of input travels downstream as a poison pill, but a stage "
      "that stops early must also say so upstream (close its input, so push refuses instead of "
      "waiting) or keep consuming up to the pill; otherwise the producer waits for a place for "
      "ever. Closing must also wake whoever already waits: a "
      "close that only sets the flag leaves a waiting producer asleep. Everything is under the "
      "queues' mutexes, so ThreadSanitizer is silent.";
  s.proof_workload = {3, 2};  // two frames: three need 114,704 dpor schedules (README)

  variant no_close;
  no_close.name = "stop_without_closing_input";
  no_close.racy = true;
  no_close.kind = bug_class::deadlock;
  no_close.harness_flags = {Failure::deadlock};
  no_close.plain_run_hangs = true;
  no_close.plain_run_possible = false;  // the builder always has a frame left to push
  no_close.budget = 100;
  no_close.std_types = true;
  no_close.body = [](const workload& w) { bike_shop<true>(w, stop_without_closing_input); };

  variant silent_close;
  silent_close.name = "close_without_notify";
  silent_close.racy = true;
  silent_close.kind = bug_class::lost_wakeup;
  silent_close.harness_flags = {Failure::deadlock};
  silent_close.plain_run_hangs = true;
  silent_close.plain_run_possible = false;  // hangs once the builder waits before the close
  silent_close.budget = 100;
  silent_close.std_types = true;
  silent_close.body = [](const workload& w) { bike_shop<false>(w, close_both_ways); };

  variant close;
  close.name = "close_both_ways";
  close.std_types = true;
  close.body = [](const workload& w) { bike_shop<true>(w, close_both_ways); };

  variant drain;
  drain.name = "drain_to_the_pill";
  drain.std_types = true;
  drain.body = [](const workload& w) { bike_shop<true>(w, drain_to_the_pill); };

  s.variants = {no_close, silent_close, close, drain};
  return s;
}

}  // namespace racelab::specimens
