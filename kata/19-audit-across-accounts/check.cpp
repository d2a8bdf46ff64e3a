// Checker of exercise 19: an audit beside one transfer, beside two transfers
// through the middle account, and beside transfers around the cycle of
// accounts; each total and the final balances checked, each scenario
// explored under every schedule within the bound; built plainly and under
// ThreadSanitizer.
#include <cstdio>

#include "kata_check.hpp"
#include "task.hpp"

int main() {
  std::printf("An audit across accounts\n");
  kata::explore("an audit while money moves from account 0 to 1", [] {
    bank b;
    racelab::thread t([&] { transfer(b, 0, 1, 10); });
    const int sum = total(b);
    t.join();
    racelab::check(sum == 300, "the audit counts 300");
  });
  kata::explore("an audit while money moves from 2 to 1 and from 1 to 0", [] {
    bank b;
    racelab::thread t([&] { transfer(b, 2, 1, 10); }), u([&] { transfer(b, 1, 0, 20); });
    const int sum = total(b);
    t.join();
    u.join();
    racelab::check(sum == 300, "the audit counts 300");
    racelab::check(
        b.accounts[0].balance == 120 && b.accounts[1].balance == 90 && b.accounts[2].balance == 90,
        "the balances are 120, 90, 90");
  });
  kata::explore(
      "two audits while money goes around the cycle 0 -> 1 -> 2 -> 0",
      [] {
        bank b;
        int sums[2] = {0, 0};
        racelab::thread t([&] { transfer(b, 0, 1, 5); }), u([&] { transfer(b, 1, 2, 5); }),
            auditor([&] { sums[0] = total(b); });
        transfer(b, 2, 0, 5);
        sums[1] = total(b);
        t.join();
        u.join();
        auditor.join();
        racelab::check(sums[0] == 300 && sums[1] == 300, "every audit counts 300");
      },
      6000);
  return kata::verdict();
}
