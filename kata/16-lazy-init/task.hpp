// Exercise 16: One-time lazy initialization. Do not edit: your code goes in task.cpp.
#pragma once

#include <vector>

#include <memory>
#include <racelab/harness.hpp>
struct connection {
  explicit connection(racelab::atomic<int>& opened) : port(5432) { opened.fetch_add(1); }
  int port;  // plain data, written by whoever creates the connection
};
class pool {
 public:
  explicit pool(racelab::atomic<int>& opened) : opened_(opened) {}
  connection& get();  // creates the connection on first use, exactly once
 private:
  racelab::atomic<int>& opened_;
  racelab::atomic<connection*> instance_{nullptr, "instance"};
  std::unique_ptr<connection> owned_[4];
  racelab::atomic<int> slot_{0, "slot"};
  racelab::once_flag once_;
};
