// Reference solution (make kata-solution shows it once the exercise passes).
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

namespace {
// Callers hold the ledger's mutex.
void audit_locked(int& audits) {
  ++audits;
}
}  // namespace

void ledger::audit() {
  std::lock_guard<std::mutex> hold(s_->m);
  audit_locked(s_->audits);
}

void ledger::deposit(int amount) {
  std::lock_guard<std::mutex> hold(s_->m);
  s_->balance += amount;
  audit_locked(s_->audits);
}
