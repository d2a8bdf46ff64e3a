// Runs a program as a child process and collects its output (internal to the
// racelab tool).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace racelab::cli {

struct process_result {
  int status = -1;         // exit status, or 128 + signal
  bool timed_out = false;  // killed after the time limit
  std::string out;
  std::string err;
  std::string before_kill;  // what the before_kill callback returned, on a time-out
};

// Runs argv[0] (found on PATH) with a time limit. On a time-out,
// `before_kill` (when given) is called with the child's pid while it still
// runs (to take its threads' backtraces, say), then the child is killed.
process_result run_process(const std::vector<std::string>& argv, std::chrono::seconds limit,
                           const std::function<std::string(int)>& before_kill = {});

// The path of the running executable.
std::string self_path();

}  // namespace racelab::cli
