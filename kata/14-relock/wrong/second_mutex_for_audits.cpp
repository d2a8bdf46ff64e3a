// Wrong fix: audit() takes a mutex of its own, so deposit() no longer
// re-locks; but balance and audits are now guarded by different locks and a
// deposit that unlocks early leaves its audit to race.
#include <mutex>

#include "task.hpp"

struct ledger::state {
  std::mutex m;
  std::mutex audit_m;
  int balance = 0;
  int audits = 0;
};

ledger::ledger() : s_(std::make_unique<state>()) {}
ledger::~ledger() = default;
int ledger::balance() const {
  return s_->balance;
}
int ledger::audits() const {
  return s_->audits;
}

void ledger::audit() {
  std::lock_guard<std::mutex> hold(s_->audit_m);
  ++s_->audits;
}

void ledger::deposit(int amount) {
  {
    std::lock_guard<std::mutex> hold(s_->m);
    s_->balance += amount;
  }
  ++s_->audits;  // "audit_locked", but the lock was given up above
}
