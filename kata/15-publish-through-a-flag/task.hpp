// Exercise 15: Publishing data through a flag (memory ordering). Do not edit: your code goes in
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

// Part 2: two workers each store a result and count themselves done; the
// collector takes the results once the count says both are done. Every
// access is atomic, so ThreadSanitizer has nothing to report: the checker
// explores this part under the C++ memory model, where a load may return an
// older value than the latest store.
struct result_board {
  racelab::atomic<int> result[2] = {{0, "result0"}, {0, "result1"}};
  racelab::atomic<int> done{0, "done"};
};
void post_result(result_board& board, int worker, int result);  // stores it, counts itself done
bool collect(result_board& board, int out[2]);  // false until both are done, then both results
