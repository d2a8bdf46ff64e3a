// Checker of exercise 14: two deposits at once, a deposit beside an audit,
// and two audits at once; balances and audit counts checked, each scenario
// explored under every schedule within the bound; built plainly and under
// ThreadSanitizer.
#include <cstdio>

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
  kata::explore("a deposit while an audit runs", [] {
    ledger l;
    racelab::thread a([&] { l.deposit(10); });
    l.audit();
    a.join();
    racelab::check(l.balance() == 10 && l.audits() == 2, "balance 10 with 2 audits");
  });
  kata::explore("two audits at once", [] {
    ledger l;
    racelab::thread a([&] { l.audit(); });
    l.audit();
    a.join();
    racelab::check(l.balance() == 0 && l.audits() == 2, "balance 0 with 2 audits");
  });
  return kata::verdict();
}
