// One factory per specimen folder (internal to the catalog).
#pragma once

#include "racelab/harness.hpp"
#include "racelab/specimen.hpp"

namespace racelab::specimens {

specimen counter();
specimen bank_transfer();
specimen lock_order_cycle();
specimen interest_update();
specimen self_deadlock();
specimen lazy_init();
specimen bounded_queue();
specimen flag_publication();
specimen bounded_workers();
specimen dining_philosophers();
// Written with std types (variant::std_types).
specimen event();
specimen future_exception();
specimen as_completed();
specimen thread_pool();
specimen pipeline();
// Memory-order bugs, explored under the C++ memory model (MemoryModel::rc11).
// Their variants: a racy one is flagged by a failed check (the stale read in
// the trace) within `budget` pct schedules; every one runs under the model.
variant memory_order_bug(std::string name, std::function<void(const workload&)> body,
                         int budget = 200);
variant memory_order_fix(std::string name, std::function<void(const workload&)> body,
                         std::string bounded_because = "");
// Why dpor cannot exhaust a fix whose threads spin on each other under the
// memory model (variant::bounded_because).
inline constexpr const char* kSpinsUnderTheModel =
    "its threads spin on each other's atomics, and each spin iteration, placed differently among "
    "the other thread's steps or reading an older store, is a behaviour of its own: dpor does not "
    "exhaust it within 20,000 schedules";
specimen peterson();
specimen dekker();
specimen spsc_ring();
specimen relaxed_dcl();
specimen refcount();

}  // namespace racelab::specimens
