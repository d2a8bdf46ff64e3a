// Exercise 14: Re-locking a mutex you already hold. Do not edit: your code goes in task.cpp.
#pragma once

#include <memory>

class ledger {
 public:
  ledger();
  ~ledger();
  void deposit(int amount);  // records the deposit, then audits
  void audit();              // counts an audit
  int balance() const;       // called once no deposit or audit runs
  int audits() const;        // called once no deposit or audit runs

 private:
  // Defined in task.cpp: the balance, the audit count and the lock that
  // guards them (any kind of mutex you choose).
  struct state;
  std::unique_ptr<state> s_;
};
