// Wrong fix: two consistent snapshots, of accounts 0 and 1 and then of 1
// and 2; each is right, but money moving between them is seen twice or
// not at all.
#include <mutex>

#include "task.hpp"

void transfer(bank& b, int from, int to, int amount) {
  std::scoped_lock both(b.accounts[from].m, b.accounts[to].m);
  b.accounts[from].balance -= amount;
  b.accounts[to].balance += amount;
}

int total(bank& b) {
  int first = 0, rest = 0;
  {
    std::scoped_lock pair(b.accounts[0].m, b.accounts[1].m);
    first = b.accounts[0].balance;
  }
  {
    std::scoped_lock pair(b.accounts[1].m, b.accounts[2].m);
    rest = b.accounts[1].balance + b.accounts[2].balance;
  }
  return first + rest;
}
