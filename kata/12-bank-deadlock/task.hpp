// Exercise 12: The bank-transfer deadlock. Do not edit: your code goes in task.cpp.
#pragma once

#include <vector>

#include <racelab/harness.hpp>
struct account {
  racelab::mutex m{"account"};
  int balance = 100;
};
void transfer(account& from, account& to, int amount);
