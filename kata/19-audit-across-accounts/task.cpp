// Your file: make the TODOs right, then run `make kata`.
#include <mutex>

#include "task.hpp"

void transfer(bank& b, int from, int to, int amount) {
  std::scoped_lock both(b.accounts[from].m, b.accounts[to].m);
  b.accounts[from].balance -= amount;
  b.accounts[to].balance += amount;
}

int total(bank& b) {
  int sum = 0;
  for (account& a : b.accounts) {
    std::lock_guard<std::mutex> hold(a.m);  // TODO: each account alone
    sum += a.balance;
  }
  return sum;
}
