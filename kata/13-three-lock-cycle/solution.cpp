// Reference solution (make kata-solution shows it once the exercise passes).
#include <mutex>

#include "task.hpp"

// One global order: orders, then stock, then shipping.
void confirm_order(warehouse& w) {
  std::lock_guard<racelab::mutex> a(w.orders);
  std::lock_guard<racelab::mutex> b(w.shipping);
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
