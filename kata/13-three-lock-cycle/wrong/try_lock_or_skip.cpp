// Wrong fix: confirm_order gives up when shipping is busy: no deadlock,
// but the order is never shipped.
#include <chrono>
#include <mutex>
#include <thread>

#include "task.hpp"

void confirm_order(warehouse& w) {
  std::lock_guard<racelab::mutex> a(w.orders);
  if (!w.shipping.try_lock()) return;
  ++w.shipped;
  w.shipping.unlock();
}

void restock(warehouse& w) {
  std::lock_guard<racelab::mutex> a(w.shipping);
  std::lock_guard<racelab::mutex> b(w.stock);
}

void audit(warehouse& w) {
  std::lock_guard<racelab::mutex> a(w.stock);
  std::lock_guard<racelab::mutex> b(w.orders);
}
