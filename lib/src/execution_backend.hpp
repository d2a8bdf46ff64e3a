// How managed threads are handed the turn (internal).
//
// The scheduler decides *who* runs next; an execution_backend decides *how*
// that thread gets to run. Each managed thread owns a `turn`; give() hands it
// over and await() blocks its owner until it is handed over. The scheduler
// guarantees that at most one turn is held at a time during a controlled
// schedule, so the backend needs no ordering of its own beyond making the
// scheduler's writes before give() visible after the matching await().
//
// launch() gives every managed thread an execution context of its own: with
// the OS-thread backend a fresh OS thread, so that each managed thread has
// its own std::thread::id, fresh thread_locals whose destructors run when it
// ends, and its own identity to ThreadSanitizer, exactly as with std::thread.
// A fiber backend would implement the same calls with context switches.
// All calls are made inside a tsan::invisible_scope.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <thread>

namespace racelab::detail {

struct turn {
  // 0: not held, 1: handed over, 2: owner asleep waiting for it.
  alignas(64) std::atomic<std::uint32_t> word{0};
};

// One managed thread's context, owned by the scheduler's thread record.
class execution_context {
 public:
  virtual ~execution_context() = default;
  virtual std::thread::id id() const noexcept = 0;
  virtual std::thread::native_handle_type native_handle() noexcept = 0;
  // After the entry has returned (or is about to): waits for the context to
  // end and frees it.
  virtual void reclaim() noexcept = 0;
  // The entry will never return (its thread is parked for ever): lets the
  // context go without waiting for it.
  virtual void abandon() noexcept = 0;
};

class execution_backend {
 public:
  virtual ~execution_backend() = default;

  // Runs `entry` on an execution context of its own. `entry` starts by
  // awaiting its thread's turn.
  virtual std::unique_ptr<execution_context> launch(std::function<void()> entry) = 0;

  // Hands `t` the turn. Never blocks.
  virtual void give(turn& t) noexcept = 0;

  // Blocks until `t` is handed the turn, or `limit` passes (returns false).
  virtual bool await(turn& t, std::chrono::milliseconds limit) noexcept = 0;

  // Blocks the calling context for ever: how a thread of an abandoned
  // schedule stops without running another line of the program.
  [[noreturn]] virtual void park_forever() noexcept = 0;
};

// The process-wide OS-thread backend.
execution_backend& os_thread_backend();

}  // namespace racelab::detail
