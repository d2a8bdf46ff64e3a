// Wrong fix (timing): take() waits 100 ms at most, then reports the end.
// A time limit is no guarantee: the checker tries the wait timing out.
#include <chrono>
#include <mutex>

#include "task.hpp"

bool mailbox::put(int item) {
  std::unique_lock<racelab::mutex> lock(m_);
  not_full_.wait(lock, [&] { return items_.size() < capacity_ || closed_; });
  if (closed_) return false;
  items_.push_back(item);
  not_empty_.notify_one();
  return true;
}

std::optional<int> mailbox::take() {
  std::unique_lock<racelab::mutex> lock(m_);
  if (!not_empty_.wait_for(lock, std::chrono::milliseconds(100),
                           [&] { return !items_.empty() || closed_; }))
    return std::nullopt;
  if (items_.empty()) return std::nullopt;
  const int item = items_.front();
  items_.pop_front();
  not_full_.notify_one();
  return item;
}

void mailbox::close() {
  std::lock_guard<racelab::mutex> hold(m_);
  closed_ = true;
  not_empty_.notify_all();
  not_full_.notify_all();
}
