// Where each thread of a running process is in the student's task.cpp, from
// gdb's backtraces: "thread 2 (LWP 123): at task.cpp:5  in squares". Used
// by the runner before it stops a checker that ran out of time, and by a
// checker whose thread spins where racelab cannot schedule around it.
//
// Needs gdb (make deps installs it) and a process that lets a debugger
// attach (the checker calls prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY)).
// Ends: gdb -batch detaches and exits; when it cannot attach, the text says
// so instead.
#pragma once

#include <cstdio>
#include <sstream>
#include <string>

namespace kata {

inline std::string thread_places(int pid) {
  const std::string command =
      "gdb -p " + std::to_string(pid) + " -batch -nx -ex 'thread apply all bt' 2>&1 < /dev/null";
  std::string out;
  if (FILE* gdb = ::popen(command.c_str(), "r")) {
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, gdb)) > 0)
      out.append(buf, n);
    ::pclose(gdb);
  }
  if (out.find("Thread ") == std::string::npos) {
    return out.find("not found") != std::string::npos || out.empty()
               ? "  (install gdb to see where each thread was: make deps)\n"
               : "  (gdb could not attach: " + out.substr(0, 200) + ")\n";
  }
  std::istringstream lines(out);
  std::string line, text, thread;
  bool placed = true, parked = false;
  auto end_thread = [&] {
    if (thread.empty() || placed) return;
    text += "  " + thread +
            (parked ? ": waiting for its turn (racelab's scheduler holds it)\n"
                    : ": not in task.cpp (inside a library, or the checker's own code)\n");
  };
  while (std::getline(lines, line)) {
    if (line.rfind("Thread ", 0) == 0) {
      end_thread();
      const auto lwp = line.find("(LWP ");
      thread =
          "thread " + line.substr(7, line.find(' ', 7) - 7) +
          (lwp != std::string::npos ? " " + line.substr(lwp, line.find(')', lwp) - lwp + 1) : "");
      placed = false;
      parked = false;
    } else if (line.rfind('#', 0) == 0 && !placed) {
      const auto at = line.find("task.cpp:");
      if (at != std::string::npos) {
        const auto in = line.find(" in ");
        const std::string function =
            in == std::string::npos ? "" : line.substr(in + 4, line.find(" (", in + 4) - in - 4);
        text += "  " + thread + ": at " + line.substr(at) + "  in " + function + "\n";
        placed = true;
      } else if (line.find("racelab::detail") != std::string::npos) {
        parked = true;
      }
    }
  }
  end_thread();
  return text;
}

}  // namespace kata
