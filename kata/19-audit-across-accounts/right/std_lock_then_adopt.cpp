// Correct: std::lock takes all three without deadlock, lock_guards adopt
// them.
#include <mutex>

#include "task.hpp"

void transfer(bank& b, int from, int to, int amount) {
  std::scoped_lock both(b.accounts[from].m, b.accounts[to].m);
  b.accounts[from].balance -= amount;
  b.accounts[to].balance += amount;
}

int total(bank& b) {
  std::lock(b.accounts[0].m, b.accounts[1].m, b.accounts[2].m);
  std::lock_guard<std::mutex> g0(b.accounts[0].m, std::adopt_lock);
  std::lock_guard<std::mutex> g1(b.accounts[1].m, std::adopt_lock);
  std::lock_guard<std::mutex> g2(b.accounts[2].m, std::adopt_lock);
  return b.accounts[0].balance + b.accounts[1].balance + b.accounts[2].balance;
}
