// Checker of exercise 07: explores task.cpp under every schedule within the
// bound; built both plainly and under ThreadSanitizer by the kata runner.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "kata_check.hpp"
#include "task.hpp"

int main() {
  std::printf("The lost wake-up\n");
  kata::explore("a player waiting at the gate gets in once it opens", [] {
    gate g;
    racelab::thread player([&] { g.wait_until_open(); });
    g.open();
    player.join();
  });
  return kata::verdict();
}
