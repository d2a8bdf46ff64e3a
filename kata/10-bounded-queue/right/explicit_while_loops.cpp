// Correct: explicit wait loops, and close() waking everyone.
#include <chrono>
#include <mutex>

#include "task.hpp"

bool mailbox::put(int item) {
  std::unique_lock<racelab::mutex> lock(m_);
  while (items_.size() >= capacity_ && !closed_)
    not_full_.wait(lock);
  if (closed_) return false;
  items_.push_back(item);
  not_empty_.notify_all();
  return true;
}

std::optional<int> mailbox::take() {
  std::unique_lock<racelab::mutex> lock(m_);
  while (items_.empty() && !closed_)
    not_empty_.wait(lock);
  if (items_.empty()) return std::nullopt;
  const int item = items_.front();
  items_.pop_front();
  not_full_.notify_all();
  return item;
}

void mailbox::close() {
  std::lock_guard<racelab::mutex> hold(m_);
  closed_ = true;
  not_empty_.notify_all();
  not_full_.notify_all();
}
