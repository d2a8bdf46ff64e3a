// Checker of exercise 16: two and three threads calling get() at once, and
// one thread calling it twice; the connection opened exactly once and every
// caller seeing it whole (its port), each explored under every schedule
// within the bound; built plainly and under ThreadSanitizer.
#include <cstdio>

#include "kata_check.hpp"
#include "task.hpp"

int main() {
  std::printf("One-time lazy initialization\n");
  kata::explore("two threads call get() at once: one connection, seen whole by both", [] {
    racelab::atomic<int> opened{0, "opened"};
    pool p(opened);
    int port[2] = {0, 0};
    racelab::thread a([&] { port[0] = p.get().port; }), b([&] { port[1] = p.get().port; });
    a.join();
    b.join();
    racelab::check(opened.load() == 1, "the connection was opened exactly once");
    racelab::check(port[0] == 5432 && port[1] == 5432, "both callers see port 5432");
  });
  kata::explore(
      "three threads call get() at once",
      [] {
        racelab::atomic<int> opened{0, "opened"};
        pool p(opened);
        connection* seen[3] = {nullptr, nullptr, nullptr};
        racelab::thread a([&] { seen[0] = &p.get(); }), b([&] { seen[1] = &p.get(); });
        seen[2] = &p.get();
        a.join();
        b.join();
        racelab::check(opened.load() == 1, "the connection was opened exactly once");
        racelab::check(seen[0] == seen[1] && seen[1] == seen[2],
                       "everyone got the same connection");
        racelab::check(seen[2]->port == 5432, "the connection is whole");
      },
      6000);
  kata::explore("get() twice from one thread while another calls it", [] {
    racelab::atomic<int> opened{0, "opened"};
    pool p(opened);
    connection* mine[2] = {nullptr, nullptr};
    racelab::thread other([&] { p.get(); });
    mine[0] = &p.get();
    mine[1] = &p.get();
    other.join();
    racelab::check(opened.load() == 1 && mine[0] == mine[1], "one connection, the same both times");
  });
  return kata::verdict();
}
