// Checker of exercise 10: a bounded mailbox in several shapes (a producer
// running ahead of its consumer, two consumers draining until close, a
// consumer waiting when the mailbox closes, a producer waiting on a full
// mailbox when it closes); every value returned is checked, each scenario
// explored under every schedule within the bound (spurious wake-ups and
// timed waits that time out included); built plainly and under
// ThreadSanitizer.
#include <algorithm>
#include <cstdio>
#include <optional>
#include <vector>

#include "kata_check.hpp"
#include "task.hpp"

int main() {
  std::printf("A bounded queue\n");
  kata::explore("a producer never gets more than the capacity ahead of its consumer", [] {
    mailbox box(1);
    racelab::atomic<int> put_done{0, "puts_done"};
    racelab::thread producer([&] {
      for (int i = 1; i <= 3; ++i) {
        box.put(i);
        put_done.fetch_add(1);
      }
    });
    std::vector<int> got;
    for (int taken = 0; taken < 3; ++taken) {
      racelab::check(put_done.load() <= taken + 1,
                     "at most 1 item waits in a mailbox of capacity 1");
      const std::optional<int> v = box.take();
      racelab::check(v.has_value(), "take() returns an item while items are coming");
      got.push_back(v.value_or(-1));
    }
    producer.join();
    racelab::check(got == std::vector<int>{1, 2, 3}, "the items come out in order: 1, 2, 3");
  });
  kata::explore(
      "two consumers drain the mailbox until it is closed",
      [] {
        mailbox box(1);
        std::vector<int> got[2];
        auto consume = [&](std::vector<int>& mine) {
          while (std::optional<int> v = box.take())
            mine.push_back(*v);
        };
        racelab::thread a([&] { consume(got[0]); }), b([&] { consume(got[1]); });
        for (int i = 1; i <= 3; ++i)
          box.put(i);
        box.close();
        a.join();
        b.join();
        std::vector<int> all = got[0];
        all.insert(all.end(), got[1].begin(), got[1].end());
        std::sort(all.begin(), all.end());
        racelab::check(all == std::vector<int>{1, 2, 3}, "every item is taken exactly once");
      },
      8000);
  kata::explore("closing wakes the consumers waiting on an empty mailbox", [] {
    mailbox box(2);
    std::optional<int> got[2] = {0, 0};
    racelab::thread a([&] { got[0] = box.take(); }), b([&] { got[1] = box.take(); });
    box.close();
    a.join();
    b.join();
    racelab::check(!got[0] && !got[1], "take() on a closed, empty mailbox returns nothing");
  });
  kata::explore("closing wakes a producer waiting on a full mailbox", [] {
    mailbox box(1);
    bool second = true;
    racelab::thread producer([&] {
      box.put(1);
      second = box.put(2);
    });
    box.close();
    producer.join();
    const std::optional<int> left = box.take();
    racelab::check(!second || left == 1, "a put() into a closed mailbox reports false");
  });
  return kata::verdict();
}
