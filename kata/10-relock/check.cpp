// Checker of exercise 10: explores task.cpp under every schedule within the
// bound; built both plainly and under ThreadSanitizer by the kata runner.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "kata_check.hpp"
#include "task.hpp"

int main() {
  std::printf("Re-locking a mutex you already hold\n");
  kata::explore("two threads deposit; every deposit is applied and audited", [] {
    ledger l;
    racelab::thread a([&] { l.deposit(10); }), b([&] { l.deposit(20); });
    a.join();
    b.join();
    racelab::check(l.balance() == 30 && l.audits() == 2, "balance 30 with 2 audits");
  });
  return kata::verdict();
}
