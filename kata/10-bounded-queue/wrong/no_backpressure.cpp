// Wrong fix (narrow): waits and close are right, but put() never waits for
// space: the mailbox grows past its capacity.
#include <chrono>
#include <mutex>

#include "task.hpp"

bool mailbox::put(int item) {
  std::lock_guard<racelab::mutex> hold(m_);
  if (closed_) return false;
  items_.push_back(item);
  not_empty_.notify_one();
  return true;
}

std::optional<int> mailbox::take() {
  std::unique_lock<racelab::mutex> lock(m_);
  not_empty_.wait(lock, [&] { return !items_.empty() || closed_; });
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
