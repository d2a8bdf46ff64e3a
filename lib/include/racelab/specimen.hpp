// The specimen catalog: deliberately broken concurrent programs paired with
// their fixes.
//
// A specimen is written once, against racelab's primitives or with plain std
// types (variant::std_types, explored through racelab::intercept), so the
// same code runs as a plain multithreaded program (where ThreadSanitizer
// judges it) and under controlled exploration (where the harness does). Each variant runs
// one workload and states its invariant with racelab::check; racy variants
// declare how they are caught, fixed variants how they are proven.
//
// Thread safety: the catalog is immutable after first use.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "racelab/options.hpp"

namespace racelab {

enum class bug_class {
  data_race,
  atomicity_violation,
  order_violation,
  deadlock,
  lost_wakeup,
  misuse,
  memory_order  // an order too weak for the algorithm: only the C++ memory model shows it
};
std::string_view to_string(bug_class c) noexcept;

// The knobs a variant's body reads; proofs and properties vary them.
struct workload {
  int threads = 2;
  int operations = 1;
  int accounts = 2;
  int amount = 10;
  bool serial = false;  // run the workers one after another (plain runs of deadlocking code)
};

struct variant {
  std::string name;  // "unsynchronized", "mutex", ...
  bool racy = false;
  // Racy variants: what catches them.
  bug_class kind = bug_class::data_race;
  std::vector<Failure> harness_flags;  // acceptable Failure kinds, first = the usual one
  std::string tsan_report;             // expected TSan report ("data race", ...); "" = TSan silent
  bool needs_tsan = false;             // only ThreadSanitizer can see it (no interleaving shows it)
  bool plain_run_hangs = false;        // a plain concurrent run can deadlock: run it serially
  bool plain_run_possible = true;      // false: even a serial plain run deadlocks (no TSan run)
  int budget = 100;                    // pct schedules within which the harness flags it
  // Fixed variants are proven by dpor: every class of schedules, without a
  // bound (it must exhaust them). When dpor cannot exhaust one,
  // `bounded_because` says why, and dfs with `dfs_bound` must exhaust it
  // instead (-1: 10,000 pct schedules must pass, a probabilistic proof).
  std::string bounded_because;
  int dfs_bound = 2;
  // Explored under this memory model (racy and fixed alike): rc11 for the
  // specimens whose bug is an order too weak (Options::memory_model).
  MemoryModel memory_model = MemoryModel::sequentially_consistent;
  // Written with std types (std::thread, std::future, std::counting_semaphore
  // ...) instead of racelab's: explored through racelab::intercept, which
  // every program running the catalog links, and on OS threads only (the
  // fiber backend cannot run unmodified code).
  bool std_types = false;
  std::function<void(const workload&)> body;
};

struct specimen {
  std::string name;
  std::string summary;
  std::string invariant;
  std::string explanation;  // why the bug happens and why the fix works
  workload proof_workload;
  std::vector<variant> variants;

  const variant* find(std::string_view variant_name) const;
};

// Every specimen, in catalog order.
const std::vector<specimen>& catalog();
const specimen* find_specimen(std::string_view name);

// Runs worker(0..count-1) on racelab::threads and joins them; one after
// another when w.serial.
void run_workers(const workload& w, int count, const std::function<void(int)>& worker);

}  // namespace racelab
