// event: a one-shot event (set once, waited for by many, as Python's
// threading.Event) from a flag, a std::mutex and a
// std::condition_variable, with its two classic bugs. Written with std
// types: explored through racelab::intercept.
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "../specimens.hpp"

namespace racelab::specimens {
namespace {

// What every version of the event holds: a flag under a mutex, and a
// condition variable waiters wait on.
struct event_state {
  event_state() {
    racelab::name(m, "m");  // traces say "lock m", "wait ready"
    racelab::name(ready, "ready");
  }
  // The right set(): the flag under the mutex, then the notify.
  void set_then_notify() {
    {
      std::lock_guard<std::mutex> hold(m);
      set = true;
    }
    ready.notify_all();
  }

  std::mutex m;
  std::condition_variable ready;
  bool set = false;
};

// The bug: notify first, set the flag after. A waiter that checks the flag
// between the two waits for a notify that already happened.
struct notify_before_set : event_state {
  void set_event() {
    ready.notify_all();
    std::lock_guard<std::mutex> hold(m);
    set = true;
  }
  void wait() {
    std::unique_lock<std::mutex> lock(m);
    while (!set)
      ready.wait(lock);
  }
};

// The bug: `if` instead of `while`. A condition variable may wake a waiter
// with nobody notifying it (a spurious wake-up), and it then goes on before
// the event is set.
struct wait_without_loop : event_state {
  void set_event() { set_then_notify(); }
  void wait() {
    std::unique_lock<std::mutex> lock(m);
    if (!set) ready.wait(lock);
  }
};

// The fix: the flag is set under the mutex before the notify, and waiting
// re-checks it (the predicate form of wait loops).
struct one_shot_event : event_state {
  void set_event() { set_then_notify(); }
  void wait() {
    std::unique_lock<std::mutex> lock(m);
    ready.wait(lock, [this] { return set; });
  }
};

// w.threads waiters wait for a start signal, then read what the setter
// prepared before setting it. Serially (a plain run of code that can hang)
// the setter runs first.
template <class Event>
void start_signal(const workload& w) {
  Event started;
  int prepared = 0;
  const auto setter = [&] {
    prepared = 42;
    started.set_event();
  };
  std::vector<std::thread> waiters;
  std::thread first;
  if (w.serial) {
    first = std::thread(setter);
    first.join();
  }
  for (int i = 0; i < w.threads; ++i) {
    waiters.emplace_back([&] {
      started.wait();
      racelab::check(prepared == 42, "a waiter goes on only once the event is set");
    });
  }
  if (!w.serial) first = std::thread(setter);
  for (auto& t : waiters)
    t.join();
  if (first.joinable()) first.join();
}

}  // namespace

specimen event() {
  specimen s;
  s.name = "event";
  s.summary = "a one-shot event that loses its signal or lets a waiter through early";
  s.invariant = "every waiter goes on, and only after the event is set";
  s.explanation =
      "A condition variable remembers nothing: a notify with nobody waiting is lost, so the flag "
      "must be set (under the mutex) before notifying, and a waiter that checks the flag between "
      "a notify and the flag's setting waits for ever. A condition variable may also wake a "
      "waiter nobody notified, so waiting must re-check the flag in a loop (wait with a "
      "predicate). Everything is under the mutex, so ThreadSanitizer is silent.";
  s.proof_workload = {2, 1};

  variant lost;
  lost.name = "notify_before_set";
  lost.racy = true;
  lost.kind = bug_class::lost_wakeup;
  lost.harness_flags = {Failure::deadlock};
  lost.plain_run_hangs = true;
  lost.budget = 100;
  lost.std_types = true;
  lost.body = start_signal<notify_before_set>;

  variant spurious;
  spurious.name = "wait_without_loop";
  spurious.racy = true;
  spurious.kind = bug_class::order_violation;
  // The early waiter reads `prepared` while the setter may write it: under
  // ThreadSanitizer the same schedule can show as that data race.
  spurious.harness_flags = {Failure::check, Failure::data_race};
  spurious.budget = 100;
  spurious.std_types = true;
  spurious.body = start_signal<wait_without_loop>;

  variant fixed;
  fixed.name = "predicate_wait";
  fixed.std_types = true;
  fixed.body = start_signal<one_shot_event>;

  s.variants = {lost, spurious, fixed};
  return s;
}

}  // namespace racelab::specimens
