// What a kata checker uses: explore the student's code over a set of
// scenarios, check every result, and end with one verdict line the runner
// reads:
//   racelab-kata: PASS (<what was explored>)
//   racelab-kata: FAIL <kind>       (kind: check, deadlock, data_race, ..., expectation)
// On failure it prints, in plain words, what went wrong and the interleaving
// of the student's own code that breaks it. A crash (a segfault, std::abort,
// an exception nobody catches) prints the signal, the thread, the lines of
// task.cpp on its stack and the schedule so far (racelab::install_crash_report).
// Output is line-buffered, so a checker killed for running out of time has
// shown everything up to the scenario it was in.
#pragma once

#include <sys/prctl.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <string>

#include <racelab/harness.hpp>

#include "thread_places.hpp"

namespace kata {

namespace detail {
struct totals {
  std::string first_failure;
  int scenarios = 0;
  long schedules = 0;
  int exhausted = 0;  // scenarios whose every schedule within the bound was run
  int bound = 0;
  bool dpor = false;    // exhausted means every behaviour (within dpor_bound, if >= 0)
  int dpor_bound = -1;  // RACELAB_STRATEGY=dpor alone lifts the bound
};
inline totals& state() {
  static totals t;
  return t;
}
inline void fail(const std::string& kind) {
  if (state().first_failure.empty()) state().first_failure = kind;
}

// Before main(): line-buffered output, crash reports, and leave to the
// runner to take each thread's backtrace when the check runs out of time
// (PR_SET_PTRACER: a debugger started by the runner may attach).
inline const bool prepared = [] {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
  racelab::install_crash_report(1, "racelab-kata: FAIL crash\n");
  return true;
}();
}  // namespace detail

// Explores every behaviour of `body` with up to `bound` preemptions (dpor
// within the bound: every final state a dfs of every such schedule reaches,
// in fewer schedules), or `budget` schedules, whichever ends first; skipped once a scenario has
// failed (one failure to fix at a time, and a thread a failed schedule left
// spinning would slow the rest). A sleep, a yield or a retry
// does not make a bug disappear here: every schedule is tried.
//
// `model`: MemoryModel::rc11 explores what the C++ memory model allows
// (older values read by relaxed, acquire and release loads) on top.
inline bool explore(const std::string& what, const std::function<void()>& body, int budget = 20000,
                    int bound = 2,
                    racelab::MemoryModel model = racelab::MemoryModel::sequentially_consistent) {
  if (!detail::state().first_failure.empty()) {  // one failure to fix at a time
    std::printf("  skip  %s (fix the failure above first)\n", what.c_str());
    return false;
  }
  std::printf("  ....  %s", what.c_str());
  std::fflush(stdout);
  racelab::Options o;
  o.strategy = racelab::Strategy::dpor;
  o.preemption_bound = bound;
  o.iterations = budget;
  o.memory_model = model;
  const racelab::Result r = racelab::explore(o, body);
  auto& t = detail::state();
  // The environment may choose another search (RACELAB_STRATEGY: dpor alone
  // has no bound, unless RACELAB_PREEMPTION_BOUND gives one; dfs keeps it).
  const racelab::Options effective = racelab::options_from_environment(o);
  t.dpor = effective.strategy == racelab::Strategy::dpor;
  if (t.dpor) t.dpor_bound = effective.preemption_bound;
  ++t.scenarios;
  t.schedules += r.iterations;
  t.exhausted += r.exhausted ? 1 : 0;
  t.bound = bound > t.bound ? bound : t.bound;
  if (!r.failed()) {
    std::printf(
        "\r  ok    %s (%d schedules%s)\n", what.c_str(), r.iterations,
        !r.exhausted ? ""
        : t.dpor ? (t.dpor_bound < 0 ? ", every behaviour" : ", every behaviour within the bound")
                 : ", every one within the bound");
    return true;
  }
  std::printf("\r  FAIL  %s\n\n%s\n\nthe interleaving that breaks it:\n%s\n", what.c_str(),
              r.message.c_str(), r.trace.c_str());
  if (r.message.find("no progress for") != std::string::npos) {
    // A thread spins (or blocks) where racelab cannot see it: show where.
    std::printf("Where each thread is now:\n%s\n",
                thread_places(static_cast<int>(::getpid())).c_str());
  }
  detail::fail(std::string(racelab::to_string(r.failure)));
  return false;
}

// The C++ memory model where racelab sees every fence of the student's
// code: in the ThreadSanitizer build, std::atomic_thread_fence reaches the
// model too; a plain build sees only racelab::atomic_thread_fence, so it
// explores sequentially consistent memory rather than misjudge a fence.
inline racelab::MemoryModel cpp_memory_model() {
#if defined(__SANITIZE_THREAD__)
  return racelab::MemoryModel::rc11;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
  return racelab::MemoryModel::rc11;
#else
  return racelab::MemoryModel::sequentially_consistent;
#endif
#else
  return racelab::MemoryModel::sequentially_consistent;
#endif
}

// A plain expectation about the result (run outside any exploration).
inline bool expect(bool ok, const char* what) {
  std::printf("  %s  %s\n", ok ? "ok  " : "FAIL", what);
  if (!ok) detail::fail("expectation");
  return ok;
}

// Prints the verdict line; returns the exit status.
inline int verdict() {
  const auto& t = detail::state();
  if (t.first_failure.empty()) {
    // "4 scenarios, 2,508 schedules: 3 explored completely within 2 preemptions, 1 up to its
    // budget"
    std::string text = std::to_string(t.scenarios) +
                       (t.scenarios == 1 ? " scenario, " : " scenarios, ") +
                       std::to_string(t.schedules) + " schedules: ";
    const std::string dpor_within =
        t.dpor_bound < 0 ? "" : " within " + std::to_string(t.dpor_bound) + " preemptions";
    const std::string complete = t.dpor ? "(every behaviour" + dpor_within + ", dpor)"
                                        : "within " + std::to_string(t.bound) + " preemptions";
    if (t.exhausted == t.scenarios) {
      text += t.dpor ? "every behaviour of each" + dpor_within + " (dpor)"
                     : "every one within " + std::to_string(t.bound) + " preemptions";
    } else {
      text += std::to_string(t.exhausted) + " explored completely " + complete + ", " +
              std::to_string(t.scenarios - t.exhausted) + " up to its budget of schedules";
    }
    std::printf("racelab-kata: PASS (%s)\n", text.c_str());
    return 0;
  }
  std::printf("racelab-kata: FAIL %s\n", t.first_failure.c_str());
  return 1;
}

}  // namespace kata
