// Exercise 06: Producer and consumers on a queue. Do not edit: your code goes in task.cpp.
#pragma once

#include <vector>

#include <deque>
#include <racelab/harness.hpp>
class mailbox {
 public:
  void put(int item);
  int take();  // blocks until an item is there
 private:
  racelab::mutex m_{"mailbox_mutex"};
  racelab::condition_variable not_empty_{"not_empty"};
  std::deque<int> items_;
};
