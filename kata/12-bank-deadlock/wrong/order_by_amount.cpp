// Wrong fix (narrow): the lock order depends on the amount. Alice and Bob
// happen to lock Bob first in the two-account example; a cycle of three
// accounts still deadlocks.
#include <functional>
#include <mutex>
#include <thread>

#include "task.hpp"

void transfer(account& from, account& to, int amount) {
  account& first = amount > 15 ? from : to;
  account& second = amount > 15 ? to : from;
  std::lock_guard<racelab::mutex> a(first.m);
  std::lock_guard<racelab::mutex> b(second.m);
  from.balance -= amount;
  to.balance += amount;
}
