// Checker of exercise 12: two accounts paying each other, three accounts
// paying around a cycle, and an auditor locking both accounts while a
// transfer runs; balances checked to the cent, each scenario explored under
// every schedule within the bound; built plainly and under ThreadSanitizer.
#include <cstdio>
#include <mutex>

#include "kata_check.hpp"
#include "task.hpp"

int main() {
  std::printf("The bank-transfer deadlock\n");
  kata::explore("Alice pays Bob 10 while Bob pays Alice 20", [] {
    account alice, bob;
    racelab::name(alice.m, "alice");
    racelab::name(bob.m, "bob");
    racelab::thread t1([&] { transfer(alice, bob, 10); });
    racelab::thread t2([&] { transfer(bob, alice, 20); });
    t1.join();
    t2.join();
    racelab::check(alice.balance == 110 && bob.balance == 90, "Alice has 110, Bob 90");
  });
  kata::explore(
      "Alice pays Bob 5, Bob pays Carol 10, Carol pays Alice 15, at once",
      [] {
        account alice, bob, carol;
        racelab::name(alice.m, "alice");
        racelab::name(bob.m, "bob");
        racelab::name(carol.m, "carol");
        racelab::thread t1([&] { transfer(alice, bob, 5); });
        racelab::thread t2([&] { transfer(bob, carol, 10); });
        racelab::thread t3([&] { transfer(carol, alice, 15); });
        t1.join();
        t2.join();
        t3.join();
        racelab::check(alice.balance == 110 && bob.balance == 95 && carol.balance == 95,
                       "Alice has 110, Bob 95, Carol 95");
      },
      6000);
  kata::explore("an auditor holding both accounts never sees money in flight", [] {
    account alice, bob;
    racelab::name(alice.m, "alice");
    racelab::name(bob.m, "bob");
    racelab::thread t1([&] { transfer(alice, bob, 10); });
    int total = 0;
    {
      std::scoped_lock both(alice.m, bob.m);
      total = alice.balance + bob.balance;
    }
    t1.join();
    racelab::check(total == 200, "the audit counts 200 in every schedule");
  });
  return kata::verdict();
}
