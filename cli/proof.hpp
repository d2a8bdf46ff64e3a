// Proving a specimen: each variant is run in child processes of the racelab
// tool itself, plainly (several runs, ThreadSanitizer judging) and under the
// harness (one exploration), and each detector's verdict is compared with
// what the variant declares (internal to the racelab tool).
#pragma once

#include <string>
#include <vector>

#include "racelab/harness.hpp"
#include "racelab/specimen.hpp"

namespace racelab::cli {

struct verdict {
  bool ran = false;  // false: not applicable here (see note)
  bool flagged = false;
  std::string kind;        // TSan report kinds, or the harness Failure
  int schedules = 0;       // harness: schedules run; tsan: plain runs
  bool exhausted = false;  // harness: dfs covered the whole space
  bool as_expected = false;
  std::string note;
};

struct variant_proof {
  const specimen* of = nullptr;
  const variant* var = nullptr;
  verdict tsan;
  verdict harness;
  bool as_expected() const {
    return (!tsan.ran || tsan.as_expected) && (!harness.ran || harness.as_expected);
  }
};

struct proof_settings {
  int plain_runs = 5;
  int fixed_pct_schedules = 10000;
};

variant_proof prove(const specimen& s, const variant& v, const proof_settings& settings);

// The pieces run in the child processes (commands `run` and `explore`).
// run_plain: returns how many of `runs` broke the invariant.
int run_plain(const specimen& s, const variant& v, int runs);
// explore_variant: the exploration that proves or catches the variant.
Result explore_variant(const specimen& s, const variant& v, const proof_settings& settings);

}  // namespace racelab::cli
