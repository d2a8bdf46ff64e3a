// Wrong fix: takes the second lock with try_lock and skips the transfer
// when it is busy: no deadlock, but money that should move does not.
#include <functional>
#include <mutex>
#include <thread>

#include "task.hpp"

void transfer(account& from, account& to, int amount) {
  std::lock_guard<racelab::mutex> a(from.m);
  if (!to.m.try_lock()) return;
  from.balance -= amount;
  to.balance += amount;
  to.m.unlock();
}
