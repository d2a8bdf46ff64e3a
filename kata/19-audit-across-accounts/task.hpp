// Exercise 19: An audit across accounts. Do not edit: your code goes in task.cpp.
#pragma once

#include <mutex>

struct account {
  std::mutex m;
  int balance = 100;
};

struct bank {
  account accounts[3];
};

// Moves `amount` from accounts[from] to accounts[to] (from != to).
void transfer(bank& b, int from, int to, int amount);
// The sum of all balances at one moment: money in flight is never missing
// or counted twice.
int total(bank& b);
