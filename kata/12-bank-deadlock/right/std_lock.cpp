// Correct: std::lock takes both locks without deadlock (backing off and
// retrying in another order when one is busy).
#include <functional>
#include <mutex>
#include <thread>

#include "task.hpp"

void transfer(account& from, account& to, int amount) {
  std::unique_lock<racelab::mutex> a(from.m, std::defer_lock);
  std::unique_lock<racelab::mutex> b(to.m, std::defer_lock);
  std::lock(a, b);
  from.balance -= amount;
  to.balance += amount;
}
