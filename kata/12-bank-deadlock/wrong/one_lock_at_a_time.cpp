// Wrong fix: never holds two locks, so no deadlock; but between the two
// steps the money is in nobody's account, and an audit sees it missing.
#include <functional>
#include <mutex>
#include <thread>

#include "task.hpp"

void transfer(account& from, account& to, int amount) {
  {
    std::lock_guard<racelab::mutex> a(from.m);
    from.balance -= amount;
  }
  std::lock_guard<racelab::mutex> b(to.m);
  to.balance += amount;
}
