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
// The fiber backend (fiber_backend.cpp) implements the same calls with
// context switches on one OS thread; each fiber is still a thread of its own
// to ThreadSanitizer, but thread_locals are the OS thread's
// (thread_locals_per_context() is false).
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
  // The fiber backend's context that awaits this turn (null: an OS thread
  // awaits it, such as the controller).
  void* context = nullptr;
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
  // awaiting `t`, its thread's turn.
  virtual std::unique_ptr<execution_context> launch(turn& t, std::function<void()> entry) = 0;

  // Hands `t` the turn. Never blocks.
  virtual void give(turn& t) noexcept = 0;

  // Blocks until `t` is handed the turn, or `limit` passes (returns false).
  virtual bool await(turn& t, std::chrono::milliseconds limit) noexcept = 0;

  // Blocks the calling context for ever: how a thread of an abandoned
  // schedule stops without running another line of the program.
  [[noreturn]] virtual void park_forever() noexcept = 0;

  // Runs `controller` (explore()'s loop over schedules) on the OS thread
  // that runs the managed threads, when the backend has one of its own, so
  // that no schedule needs an OS hand-off; returns false at once when not
  // (the caller runs it itself). Meanwhile the calling thread calls `watch`
  // every `poll`. Once `watch` returns true the exploration was abandoned:
  // run_controller() then returns as soon as `controller` can no longer
  // touch the caller's state (it never resumes; the backend must be kept
  // alive), and `watch` must have called orphan() under the lock with
  // which it abandoned. A `watch` that throws is called again at the next
  // poll (as if it had returned false, or true if it orphaned the backend
  // before throwing): returning early would leave the loop running over
  // the caller's state.
  virtual bool run_controller(const std::function<void()>& /*controller*/,
                              const std::function<bool()>& /*watch*/,
                              std::chrono::milliseconds /*poll*/) {
    return false;
  }
  virtual void orphan() noexcept {}
  // Called by `controller` after each schedule: at most `left` more will
  // run. A backend whose caller sleeps meanwhile may wake it ahead of the
  // end, so that its return does not wait for an OS wake-up.
  virtual void schedules_left(long /*left*/) noexcept {}

  // Whether each context has thread_locals of its own, destroyed as its
  // entry returns. When not, the caller of launch() takes the thread's last
  // step itself at the end of `entry`.
  virtual bool thread_locals_per_context() const noexcept { return true; }

  // Where the contexts keep thread_locals that they share (fibers: the OS
  // thread that runs them): a report about such an address is about a
  // thread_local the backend cannot give each thread.
  virtual bool shared_thread_storage(const void* /*address*/) const noexcept { return false; }
};

// The process-wide OS-thread backend.
execution_backend& os_thread_backend();

// A fiber backend of its own for one exploration: it owns the OS thread the
// fibers run on, which it ends when destroyed. An exploration whose schedule
// was abandoned keeps it alive instead (its fibers are parked in it).
std::unique_ptr<execution_backend> make_fiber_backend();

// An OS thread's hand-off of `t` (what os_thread_backend() does).
void give_os_turn(turn& t) noexcept;
// With `wake_early`: also returns false once it is set (checked before each
// sleep; wake_os_turn_waiter() interrupts a sleep after setting it).
bool await_os_turn(turn& t, std::chrono::milliseconds limit,
                   const std::atomic<bool>* wake_early = nullptr) noexcept;
// Wakes a thread asleep in await_os_turn(t) without handing it the turn
// (after setting its `wake_early`, seq_cst).
void wake_os_turn_waiter(turn& t) noexcept;

}  // namespace racelab::detail
