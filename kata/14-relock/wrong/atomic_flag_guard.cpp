// Wrong fix (invisible types): a std::atomic<bool> "already locked" flag
// shared by every thread, not per thread: when another thread's deposit
// holds the lock, audit() skips locking and races on the count.
#include <atomic>
#include <mutex>

#include "task.hpp"

struct ledger::state {
  std::mutex m;
  std::atomic<bool> held{false};
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
  if (s_->held.load()) {
    ++s_->audits;  // "the caller holds it"
    return;
  }
  std::lock_guard<std::mutex> hold(s_->m);
  ++s_->audits;
}

void ledger::deposit(int amount) {
  std::lock_guard<std::mutex> hold(s_->m);
  s_->held.store(true);
  s_->balance += amount;
  audit();
  s_->held.store(false);
}
