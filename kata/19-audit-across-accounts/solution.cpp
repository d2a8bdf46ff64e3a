// Reference solution (make kata-solution shows it once the exercise passes).
#include <mutex>

#include "task.hpp"

void transfer(bank& b, int from, int to, int amount) {
  std::scoped_lock both(b.accounts[from].m, b.accounts[to].m);
  b.accounts[from].balance -= amount;
  b.accounts[to].balance += amount;
}

int total(bank& b) {
  // Every account at once: no transfer can be half done while we add up.
  std::scoped_lock all(b.accounts[0].m, b.accounts[1].m, b.accounts[2].m);
  int sum = 0;
  for (const account& a : b.accounts)
    sum += a.balance;
  return sum;
}
