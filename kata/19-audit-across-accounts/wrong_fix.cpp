// A fix that only makes the bug rarer; the runner's tests prove it is rejected.
// Wrong fix (narrow): the first two accounts together, then the third
// alone: right for a transfer between accounts 0 and 1 only.
#include <mutex>

#include "task.hpp"

void transfer(bank& b, int from, int to, int amount) {
  std::scoped_lock both(b.accounts[from].m, b.accounts[to].m);
  b.accounts[from].balance -= amount;
  b.accounts[to].balance += amount;
}

int total(bank& b) {
  int sum = 0;
  {
    std::scoped_lock first_two(b.accounts[0].m, b.accounts[1].m);
    sum = b.accounts[0].balance + b.accounts[1].balance;
  }
  std::lock_guard<std::mutex> third(b.accounts[2].m);
  return sum + b.accounts[2].balance;
}
