// Exercise 10: A bounded queue. Do not edit: your code goes in task.cpp.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>

#include <racelab/harness.hpp>

class mailbox {
 public:
  explicit mailbox(std::size_t capacity) : capacity_(capacity) {}
  // Blocks while the mailbox holds `capacity` items. Returns false, and
  // drops the item, once the mailbox is closed.
  bool put(int item);
  // Blocks while the mailbox is empty and open. Returns the oldest item, or
  // std::nullopt once the mailbox is closed and every item has been taken.
  std::optional<int> take();
  // No more items will come: every waiting put() and take() returns.
  void close();

 private:
  const std::size_t capacity_;
  racelab::mutex m_{"mailbox_mutex"};
  racelab::condition_variable not_empty_{"not_empty"};
  racelab::condition_variable not_full_{"not_full"};
  std::deque<int> items_;
  bool closed_ = false;
};
