// Checker of exercise 09: one waiter and an event the main thread sets; two
// clients with one place and three clients with two, the start given by
// another thread while run_clients runs; three clients with one place, the
// start given before anyone waits. Every client checks, as it goes in, that
// the start was given and that no more than max_inside clients are inside.
// Each scenario explored under every schedule within the bound (spurious
// wake-ups included); built plainly and under ThreadSanitizer.
#include <cstdio>
#include <string>
#include <thread>

#include "kata_check.hpp"
#include "task.hpp"

namespace {

// The service under test: whether the start was given, and who is inside.
class service {
 public:
  explicit service(int max_inside) : max_inside_(max_inside) {}

  // The starting gun: noted here first, then the event is set.
  void give_start(event& start) {
    started_.store(true);
    start.set();
  }

  // What a client does inside: comes in, is checked, leaves.
  void visit(int) {
    racelab::check(started_.load(), "a client goes in only after the start signal");
    const int now = now_inside_.fetch_add(1) + 1;
    racelab::check(now <= max_inside_, "never more than max_inside clients inside at once");
    now_inside_.fetch_sub(1);
  }

 private:
  const int max_inside_;
  racelab::atomic<bool> started_{false, "started"};
  racelab::atomic<int> now_inside_{0, "now_inside"};
};

// `clients` clients with `max_inside` places; another thread gives the
// start while run_clients runs on this one.
void started_by_another_thread(const std::string& what, int clients, int max_inside, int budget) {
  kata::explore(
      what,
      [clients, max_inside] {
        service test(max_inside);
        event start;
        std::thread starter([&] { test.give_start(start); });
        run_clients(clients, max_inside, start, [&test](int i) { test.visit(i); });
        starter.join();
      },
      budget);
}

}  // namespace

int main() {
  std::printf("A start signal and a limit of N inside\n");
  kata::explore("a thread waiting for the event goes on once the main thread sets it", [] {
    event start;
    racelab::atomic<bool> started{false, "started"};
    std::thread waiter([&] {
      start.wait();
      racelab::check(started.load(), "wait() returns only once set() has been called");
    });
    started.store(true);
    start.set();
    waiter.join();
  });
  started_by_another_thread(
      "two clients, one place, the start given by another thread: one inside at a time", 2, 1,
      1500);
  started_by_another_thread(
      "three clients, two places, the start given by another thread: two inside at most", 3, 2,
      1500);
  kata::explore(
      "the start given before anyone waits: three clients walk in, one place, one at a time",
      [] {
        service test(1);
        event start;
        test.give_start(start);
        run_clients(3, 1, start, [&test](int i) { test.visit(i); });
      },
      1500);
  return kata::verdict();
}
