// What a kata checker uses: explore the student's code, check functional
// expectations, and end with one verdict line the runner reads:
//   racelab-kata: PASS
//   racelab-kata: FAIL <kind>       (kind: check, deadlock, data_race, ..., expectation)
// On failure it prints, in plain words, what went wrong and the interleaving
// of the student's own code that breaks it.
#pragma once

#include <cstdio>
#include <functional>
#include <string>

#include <racelab/harness.hpp>

namespace kata {

namespace detail {
inline std::string& first_failure() {
  static std::string kind;
  return kind;
}
inline void fail(const std::string& kind) {
  if (first_failure().empty()) first_failure() = kind;
}
}  // namespace detail

// Explores `body` under every schedule with up to `bound` preemptions (dfs),
// or `budget` schedules, whichever ends first. A sleep, a yield or a retry
// does not make a bug disappear here: every schedule is tried.
inline bool explore(const char* what, const std::function<void()>& body, int budget = 20000,
                    int bound = 2) {
  racelab::Options o;
  o.strategy = racelab::Strategy::dfs;
  o.preemption_bound = bound;
  o.iterations = budget;
  const racelab::Result r = racelab::explore(o, body);
  if (!r.failed()) {
    std::printf("  ok    %s (%d schedules%s)\n", what, r.iterations,
                r.exhausted ? ", every one within the bound" : "");
    return true;
  }
  std::printf("  FAIL  %s\n\n%s\n\nthe interleaving that breaks it:\n%s\n", what, r.message.c_str(),
              r.trace.c_str());
  detail::fail(std::string(racelab::to_string(r.failure)));
  return false;
}

// A plain expectation about the result (run outside any exploration).
inline bool expect(bool ok, const char* what) {
  std::printf("  %s  %s\n", ok ? "ok  " : "FAIL", what);
  if (!ok) detail::fail("expectation");
  return ok;
}

// Prints the verdict line; returns the exit status.
inline int verdict() {
  if (detail::first_failure().empty()) {
    std::printf("racelab-kata: PASS\n");
    return 0;
  }
  std::printf("racelab-kata: FAIL %s\n", detail::first_failure().c_str());
  return 1;
}

}  // namespace kata
