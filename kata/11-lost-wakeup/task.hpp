// Exercise 11: The lost wake-up. Do not edit: your code goes in task.cpp.
#pragma once

#include <vector>

#include <racelab/harness.hpp>
class gate {
 public:
  void open();
  void wait_until_open();

 private:
  racelab::mutex m_{"gate_mutex"};
  racelab::condition_variable opened_{"opened"};
  racelab::atomic<bool> open_{false, "open"};
};
