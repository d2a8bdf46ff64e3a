// Checker of exercise 08: explores task.cpp under every schedule within the
// bound; built both plainly and under ThreadSanitizer by the kata runner.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "kata_check.hpp"
#include "task.hpp"

int main() {
  std::printf("The bank-transfer deadlock\n");
  kata::explore("Alice pays Bob while Bob pays Alice", [] {
    account alice, bob;
    racelab::thread t1([&] { transfer(alice, bob, 10); });
    racelab::thread t2([&] { transfer(bob, alice, 20); });
    t1.join();
    t2.join();
    racelab::check(alice.balance + bob.balance == 200, "money is conserved");
  });
  return kata::verdict();
}
