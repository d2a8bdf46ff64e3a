// `racelab run`: explore an unmodified program from outside.
//
// Runs the program with libracelab_preload.so preloaded (a fork server
// before its main(); lib/src/preload/run_main.cpp), passing the options
// through the environment. The program's exit status is the verdict:
// 0 no failure, 1 a failure (printed with swimlanes and the replay
// command), 2 racelab could not run it. Only dynamically linked programs
// built without sanitizers can be preloaded.
#pragma once

#include <string>
#include <vector>

namespace racelab::cli {

struct run_settings {
  std::string strategy = "pct";
  int iterations = 1000;
  unsigned long long seed = 0;
  std::string replay;
  int timeout = 60;
  std::vector<std::string> command;
};

// Does not return when the program could be started (exec).
int run_unmodified(const run_settings& settings);

}  // namespace racelab::cli
