// Exercise 10: Re-locking a mutex you already hold. Do not edit: your code goes in task.cpp.
#pragma once

#include <vector>

#include <racelab/harness.hpp>
class ledger {
 public:
  void deposit(int amount);  // records the deposit, then audits
  void audit();              // counts an audit
  int balance() const { return balance_; }
  int audits() const { return audits_; }

 private:
  racelab::mutex m_{"ledger_mutex"};
  int balance_ = 0;
  int audits_ = 0;
};
