// A fix that only makes the bug rarer; the runner's tests prove it is rejected.
#include <mutex>

#include "task.hpp"

void ledger::audit() {
  // Wrong fix: skip the audit when the mutex is busy.
  if (!m_.try_lock()) return;
  ++audits_;
  m_.unlock();
}

void ledger::deposit(int amount) {
  std::lock_guard<racelab::mutex> hold(m_);
  balance_ += amount;
  audit();
}
