// Reference solution (make kata-solution shows it once the exercise passes).
#include <mutex>

#include "task.hpp"

void transfer(account& from, account& to, int amount) {
  std::scoped_lock both(from.m, to.m);
  from.balance -= amount;
  to.balance += amount;
}
