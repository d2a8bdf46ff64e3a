// Reference solution (make kata-solution shows it once the exercise passes).
#include <mutex>

#include "task.hpp"

namespace {
// Callers hold the ledger's mutex.
void audit_locked(int& audits) {
  ++audits;
}
}  // namespace

void ledger::audit() {
  std::lock_guard<racelab::mutex> hold(m_);
  audit_locked(audits_);
}

void ledger::deposit(int amount) {
  std::lock_guard<racelab::mutex> hold(m_);
  balance_ += amount;
  audit_locked(audits_);
}
