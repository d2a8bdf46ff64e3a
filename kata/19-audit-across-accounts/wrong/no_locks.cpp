// Wrong fix: no locks at all ("only reading"): a data race, and money in
// flight.
#include <mutex>

#include "task.hpp"

void transfer(bank& b, int from, int to, int amount) {
  std::scoped_lock both(b.accounts[from].m, b.accounts[to].m);
  b.accounts[from].balance -= amount;
  b.accounts[to].balance += amount;
}

int total(bank& b) {
  int sum = 0;
  for (const account& a : b.accounts)
    sum += a.balance;
  return sum;
}
