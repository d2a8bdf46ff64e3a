// Checker of exercise 06: explores task.cpp under every schedule within the
// bound; built both plainly and under ThreadSanitizer by the kata runner.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "kata_check.hpp"
#include "task.hpp"

int main() {
  std::printf("Producer and consumers on a queue\n");
  kata::explore("two consumers each take one of two items", [] {
    mailbox box;
    racelab::thread a([&] { box.take(); }), b([&] { box.take(); });
    box.put(1);
    box.put(2);
    a.join();
    b.join();
  });
  return kata::verdict();
}
