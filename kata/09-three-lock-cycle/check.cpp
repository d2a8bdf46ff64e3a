// Checker of exercise 09: explores task.cpp under every schedule within the
// bound; built both plainly and under ThreadSanitizer by the kata runner.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

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
  return kata::verdict();
}
