// Correct: every transfer locks the account at the lower address first,
// one global order.
#include <functional>
#include <mutex>
#include <thread>

#include "task.hpp"

void transfer(account& from, account& to, int amount) {
  account& first = std::less<account*>()(&from, &to) ? from : to;
  account& second = &first == &from ? to : from;
  std::lock_guard<racelab::mutex> a(first.m);
  std::lock_guard<racelab::mutex> b(second.m);
  from.balance -= amount;
  to.balance += amount;
}
