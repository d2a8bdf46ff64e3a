// A fix that only makes the bug rarer; the runner's tests prove it is rejected.
#include <mutex>

#include "task.hpp"

// Wrong fix: yield between the locks so the other transfer can finish first.
void transfer(account& from, account& to, int amount) {
  std::lock_guard<racelab::mutex> source(from.m);
  racelab::yield();
  std::lock_guard<racelab::mutex> destination(to.m);
  from.balance -= amount;
  to.balance += amount;
}
