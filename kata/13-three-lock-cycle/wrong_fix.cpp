// A fix that only makes the bug rarer; the runner's tests prove it is rejected.
#include <mutex>

#include "task.hpp"

// Wrong fix: reverse only one pair; the cycle moves but stays.
void confirm_order(warehouse& w) {
  std::lock_guard<racelab::mutex> a(w.shipping);
  std::lock_guard<racelab::mutex> b(w.orders);
  ++w.shipped;
}

void restock(warehouse& w) {
  std::lock_guard<racelab::mutex> a(w.stock);
  std::lock_guard<racelab::mutex> b(w.shipping);
}

void audit(warehouse& w) {
  std::lock_guard<racelab::mutex> a(w.orders);
  std::lock_guard<racelab::mutex> b(w.stock);
}
