// A fix that only makes the bug rarer; the runner's tests prove it is rejected.
#include <mutex>

#include "task.hpp"

struct ledger::state {
  std::mutex m;
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
  // Wrong fix: skip the audit when the mutex is busy.
  if (!s_->m.try_lock()) return;
  ++s_->audits;
  s_->m.unlock();
}

void ledger::deposit(int amount) {
  std::lock_guard<std::mutex> hold(s_->m);
  s_->balance += amount;
  audit();
}
