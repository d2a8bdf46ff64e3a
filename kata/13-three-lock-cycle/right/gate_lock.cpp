// Correct: a gate lock taken by confirm_order and restock, so the two
// never hold their first locks at once and the cycle cannot close. (A
// lock-order graph sees a cycle here; racelab knows the gate guards it.)
#include <chrono>
#include <mutex>
#include <thread>

#include "task.hpp"

namespace {
std::mutex gate;
}

void confirm_order(warehouse& w) {
  std::lock_guard<std::mutex> g(gate);
  std::lock_guard<racelab::mutex> a(w.orders);
  std::lock_guard<racelab::mutex> b(w.shipping);
  ++w.shipped;
}

void restock(warehouse& w) {
  std::lock_guard<std::mutex> g(gate);
  std::lock_guard<racelab::mutex> a(w.shipping);
  std::lock_guard<racelab::mutex> b(w.stock);
}

void audit(warehouse& w) {
  std::lock_guard<racelab::mutex> a(w.stock);
  std::lock_guard<racelab::mutex> b(w.orders);
}
