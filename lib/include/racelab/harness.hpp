// <racelab/harness.hpp>: everything a test needs to explore thread interleavings.
//
//   racelab::thread, racelab::mutex, racelab::recursive_mutex,
//   racelab::condition_variable, racelab::atomic<T>, racelab::call_once:
//   drop-in std primitives;
//   racelab::explore / racelab::replay, racelab::yield, racelab::check.
//
// See explore.hpp for the exploration contract and README.md for an example.
#pragma once

#include "racelab/atomic.hpp"
#include "racelab/call_once.hpp"
#include "racelab/condition_variable.hpp"
#include "racelab/crash_report.hpp"
#include "racelab/explore.hpp"
#include "racelab/mutex.hpp"
#include "racelab/name.hpp"
#include "racelab/options.hpp"
#include "racelab/std_locks.hpp"
#include "racelab/thread.hpp"
