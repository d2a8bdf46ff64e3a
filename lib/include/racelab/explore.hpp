// racelab::explore and racelab::replay: run a test body under controlled schedules.
//
// explore() runs `body` once per schedule, as managed thread T0 on an OS
// thread of its own (the calling thread only watches, so it always gets
// control back). Every racelab::thread the body starts is a managed thread;
// exactly one managed thread runs at a time, and a scheduling point sits at
// every racelab primitive operation, at racelab::yield(), and at thread start
// and finish. The strategy
// decides who runs at each point. The first failing schedule stops the
// exploration; its Result carries the schedule string, which replay() turns
// back into exactly the same run.
//
// Environment overrides, so a CI failure reproduces with one command:
//   RACELAB_STRATEGY=random|pct|dfs|dpor|perturb (dpor drops a dfs test's
//   bound), RACELAB_PREEMPTION_BOUND=N|-1 (after the strategy), RACELAB_SEED=N,
//   RACELAB_ITERATIONS=N, RACELAB_REPLAY=<schedule> (replays instead of
//   exploring). A schedule names the explore() call it came from (";at=" the
//   call's file:line and which call from there it was, counted per test
//   when <racelab/gtest.hpp> is included), and RACELAB_REPLAY replays only
//   that call; every other explore() in the process explores.
// A malformed value throws std::invalid_argument naming the variable.
//
// Thread safety: explore() and replay() may be called from one thread at a time
// per process; a nested or concurrent call throws std::logic_error.
#pragma once

#include <functional>
#include <string>

#include "racelab/options.hpp"
#include "racelab/source_location.hpp"

namespace racelab {

Result explore(const Options& options, std::function<void()> body,
               source_location call = source_location::current());

// Reproduces the schedule, trace and failure of an earlier Result. Throws
// std::invalid_argument, saying what is wrong, for an unparseable schedule.
Result replay(const std::string& schedule, std::function<void()> body);

// Options with RACELAB_STRATEGY / RACELAB_PREEMPTION_BOUND / RACELAB_SEED /
// RACELAB_ITERATIONS and the backend and shard variables applied.
Options options_from_environment(Options defaults = {});

// An explicit scheduling point. Outside an exploration: std::this_thread::yield().
void yield(source_location loc = source_location::current());

// Fails the current schedule with Failure::check when !ok, then ends the
// calling thread as an assertion would: it throws (an exception type that
// `catch (const std::exception&)` does not catch), or, called from a
// destructor while an exception unwinds, where throwing would terminate, the
// thread stops there for good. Like any throw, a failed check in a noexcept
// function terminates. The other threads run to their end (see
// scheduler.hpp). Outside an exploration a failed check throws
// std::logic_error carrying `what`.
void check(bool ok, const char* what, source_location loc = source_location::current());

// True while the calling thread runs inside explore() or replay().
bool exploring() noexcept;

namespace detail {
// Set by <racelab/gtest.hpp>: the running test's full name, or null. Calls
// of explore() from one place are then counted per test.
extern const char* (*current_test_name)();
}  // namespace detail

}  // namespace racelab
