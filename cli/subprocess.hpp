// Runs a program as a child process and collects its output (internal to the
// racelab tool).
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace racelab::cli {

struct process_result {
  int status = -1;         // exit status, or 128 + signal
  bool timed_out = false;  // killed after the time limit
  std::string out;
  std::string err;
};

process_result run_process(const std::vector<std::string>& argv, std::chrono::seconds limit);

// The path of the running executable.
std::string self_path();

}  // namespace racelab::cli
