// Checker of exercise 13: the three services at once, and two orders
// confirmed while stock is audited and restocked; each explored under every
// schedule within the bound; built plainly and under ThreadSanitizer.
#include <cstdio>

#include "kata_check.hpp"
#include "task.hpp"

int main() {
  std::printf("The three-lock cycle\n");
  kata::explore("the three services run at once", [] {
    warehouse w;
    racelab::thread a([&] { confirm_order(w); }), b([&] { restock(w); }), c([&] { audit(w); });
    a.join();
    b.join();
    c.join();
    racelab::check(w.shipped == 1, "the order was shipped");
  });
  kata::explore(
      "two orders confirmed while stock is audited and restocked",
      [] {
        warehouse w;
        racelab::thread a([&] { confirm_order(w); }), b([&] { confirm_order(w); }),
            c([&] { audit(w); });
        restock(w);
        a.join();
        b.join();
        c.join();
        racelab::check(w.shipped == 2, "both orders were shipped");
      },
      6000);
  return kata::verdict();
}
