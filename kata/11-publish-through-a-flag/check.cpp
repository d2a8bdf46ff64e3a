// Checker of exercise 11: one and two readers waiting for the flag, and a
// reader arriving after the value was published; each explored under every
// schedule within the bound; built plainly and under ThreadSanitizer, which
// judges whether the value was really published.
#include <cstdio>

#include "kata_check.hpp"
#include "task.hpp"

int main() {
  std::printf("Publishing data through a flag (memory ordering)\n");
  kata::explore("a reader that sees the flag sees the value", [] {
    config_box box;
    int seen = 0;
    racelab::thread reader([&] { seen = read_when_ready(box); });
    publish(box, 42);
    reader.join();
    racelab::check(seen == 42, "the reader got 42");
  });
  kata::explore("two readers both see the value", [] {
    config_box box;
    int seen[2] = {0, 0};
    racelab::thread a([&] { seen[0] = read_when_ready(box); }),
        b([&] { seen[1] = read_when_ready(box); });
    publish(box, 7);
    a.join();
    b.join();
    racelab::check(seen[0] == 7 && seen[1] == 7, "both readers got 7");
  });
  kata::explore("a reader arriving after the value was published", [] {
    config_box box;
    int seen = 0;
    racelab::thread writer([&] { publish(box, 9); });
    seen = read_when_ready(box);
    writer.join();
    racelab::check(seen == 9, "the reader got 9");
  });
  return kata::verdict();
}
