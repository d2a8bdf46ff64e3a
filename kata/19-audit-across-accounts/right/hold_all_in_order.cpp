// Correct: locks every account in index order, keeping each until the sum
// is done (two-phase locking).
#include <mutex>

#include "task.hpp"

void transfer(bank& b, int from, int to, int amount) {
  std::scoped_lock both(b.accounts[from].m, b.accounts[to].m);
  b.accounts[from].balance -= amount;
  b.accounts[to].balance += amount;
}

int total(bank& b) {
  std::unique_lock<std::mutex> l0(b.accounts[0].m), l1(b.accounts[1].m), l2(b.accounts[2].m);
  return b.accounts[0].balance + b.accounts[1].balance + b.accounts[2].balance;
}
