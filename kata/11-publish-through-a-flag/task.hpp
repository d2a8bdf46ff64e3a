// Exercise 11: Publishing data through a flag (memory ordering). Do not edit: your code goes in
// task.cpp.
#pragma once

#include <vector>

#include <racelab/harness.hpp>
struct config_box {
  int value = 0;  // plain data
  racelab::atomic<bool> ready{false, "ready"};
};
void publish(config_box& box, int value);  // writes value, then sets ready
int read_when_ready(config_box& box);      // waits for ready, returns value
