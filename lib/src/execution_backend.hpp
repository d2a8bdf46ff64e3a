// How managed threads are handed the turn (internal).
//
// The scheduler decides *who* runs next; an execution_backend decides *how*
// that thread gets to run. Each managed thread owns a `turn`; give() hands it
// over and await() blocks its owner until it is handed over. The scheduler
// guarantees that at most one turn is held at a time during a controlled
// schedule, so the backend needs no ordering of its own beyond making the
// scheduler's writes before give() visible after the matching await().
//
// The OS-thread backend runs each managed thread on a pooled OS thread;
// a fiber backend would implement the same three calls with context switches.
// All calls are made inside a tsan::invisible_scope.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>

namespace racelab::detail {

struct turn {
  // 0: not held, 1: handed over, 2: owner asleep waiting for it.
  alignas(64) std::atomic<std::uint32_t> word{0};
};

class execution_backend {
 public:
  virtual ~execution_backend() = default;

  // Runs `entry` on an execution context of its own. `entry` starts by
  // awaiting its thread's turn.
  virtual void launch(std::function<void()> entry) = 0;

  // Hands `t` the turn. Never blocks.
  virtual void give(turn& t) noexcept = 0;

  // Blocks until `t` is handed the turn, or `limit` passes (returns false).
  virtual bool await(turn& t, std::chrono::milliseconds limit) noexcept = 0;
};

// The process-wide OS-thread backend. Its threads are created on demand and
// reused across schedules and explorations, never destroyed.
execution_backend& os_thread_backend();

}  // namespace racelab::detail
