// Wrong fix (timing): a pause between the two locks "so the others
// finish first". Every order is still possible.
#include <chrono>
#include <mutex>
#include <thread>

#include "task.hpp"

void confirm_order(warehouse& w) {
  std::lock_guard<racelab::mutex> a(w.orders);
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::lock_guard<racelab::mutex> b(w.shipping);
  ++w.shipped;
}

void restock(warehouse& w) {
  std::lock_guard<racelab::mutex> a(w.shipping);
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::lock_guard<racelab::mutex> b(w.stock);
}

void audit(warehouse& w) {
  std::lock_guard<racelab::mutex> a(w.stock);
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::lock_guard<racelab::mutex> b(w.orders);
}
