// Wrong fix (a lock that protects nothing): a mutex of the audit's own,
// which no transfer takes, around the same one-account-at-a-time sum.
#include <mutex>

#include "task.hpp"

void transfer(bank& b, int from, int to, int amount) {
  std::scoped_lock both(b.accounts[from].m, b.accounts[to].m);
  b.accounts[from].balance -= amount;
  b.accounts[to].balance += amount;
}

int total(bank& b) {
  static std::mutex audit;
  std::lock_guard<std::mutex> only_audits(audit);
  int sum = 0;
  for (account& a : b.accounts) {
    std::lock_guard<std::mutex> hold(a.m);
    sum += a.balance;
  }
  return sum;
}
