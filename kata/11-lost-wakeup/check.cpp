// Checker of exercise 11: one and two players waiting at the gate, a player
// arriving after it opened, and the gate opened by another thread; each
// explored under every schedule within the bound (spurious wake-ups
// included); built plainly and under ThreadSanitizer.
#include <cstdio>

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
  kata::explore("two players waiting at the gate both get in", [] {
    gate g;
    racelab::thread a([&] { g.wait_until_open(); }), b([&] { g.wait_until_open(); });
    g.open();
    a.join();
    b.join();
  });
  kata::explore("a player arriving after the gate opened walks in", [] {
    gate g;
    g.open();
    racelab::thread player([&] { g.wait_until_open(); });
    player.join();
  });
  kata::explore("the gate opened by another thread while the main one waits", [] {
    gate g;
    racelab::thread opener([&] { g.open(); });
    g.wait_until_open();
    opener.join();
  });
  return kata::verdict();
}
