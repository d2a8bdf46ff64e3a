// The starting state of the exercise (make kata-reset restores task.cpp from it).
#include <mutex>

#include "task.hpp"

void confirm_order(warehouse& w) {
  std::lock_guard<racelab::mutex> a(w.orders);
  std::lock_guard<racelab::mutex> b(w.shipping);
  ++w.shipped;
}

void restock(warehouse& w) {
  std::lock_guard<racelab::mutex> a(w.shipping);  // TODO
  std::lock_guard<racelab::mutex> b(w.stock);
}

void audit(warehouse& w) {
  std::lock_guard<racelab::mutex> a(w.stock);  // TODO
  std::lock_guard<racelab::mutex> b(w.orders);
}
