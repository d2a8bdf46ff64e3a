// Correct: a recursive mutex may be locked again by the thread that holds it.
#include <mutex>

#include "task.hpp"

struct ledger::state {
  std::recursive_mutex m;
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
  std::lock_guard<std::recursive_mutex> hold(s_->m);
  ++s_->audits;
}

void ledger::deposit(int amount) {
  std::lock_guard<std::recursive_mutex> hold(s_->m);
  s_->balance += amount;
  audit();
}
