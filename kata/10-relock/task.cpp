// Your file: make the TODOs right, then run `make kata`.
#include <mutex>

#include "task.hpp"

void ledger::audit() {
  std::lock_guard<racelab::mutex> hold(m_);
  ++audits_;
}

void ledger::deposit(int amount) {
  std::lock_guard<racelab::mutex> hold(m_);
  balance_ += amount;
  audit();  // TODO: audit() locks m_ again
}
