// fiber_carrier: the OS threads that fiber explorations run on (internal).
//
// A fiber backend (fiber_backend.cpp) runs its exploration's fibers and loop
// over schedules on one OS thread, its carrier. Starting an OS thread costs
// 20-80 us on this kind of machine and 0.25-0.9 ms under ThreadSanitizer,
// as much as hundreds of short schedules, so carriers outlive their
// exploration: take_carrier() gives an idle one (or starts one), and
// return_carrier() keeps it for the next exploration.
//
// Guarantees:
//  - A carrier runs one job at a time. start() hands it the job through its
//    turn, an OS hand-off: what the caller did before start() happens-before
//    the job, for ThreadSanitizer too (started() is a token the carrier
//    released as it began, which the job's fibers acquire: TSan counts the
//    carrier's thread_locals as written then).
//  - return_carrier() only takes a carrier whose job has ended or is about
//    to (the job's last act is to tell its caller). A carrier whose
//    exploration was abandoned is never returned: its backend keeps it,
//    parked, with its fibers.
//  - At most kIdleCarriers wait idle, blocked on a futex (no CPU); more are
//    stopped and joined. An idle carrier that no exploration takes within
//    200 ms leaves the pool and ends, so a process that stopped exploring
//    is back to the threads it had (a fork() without exec under TSan, a
//    library unloaded) and the carrier's thread_locals are destroyed. In a
//    child process after fork() the parent's idle carriers do not exist:
//    the child forgets them (pthread_atfork).
//
// Thread safety: the idle list is guarded by a lock; a carrier's fields
// belong to its current job (set by the caller before start(), read on the
// carrier).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <thread>

#include "execution_backend.hpp"

namespace racelab::detail {

class fiber_carrier {
 public:
  fiber_carrier();
  ~fiber_carrier();  // stops and joins the thread
  fiber_carrier(const fiber_carrier&) = delete;
  fiber_carrier& operator=(const fiber_carrier&) = delete;

  // Runs job(arg) on the carrier; returns at once.
  void start(void (*job)(void*), void* arg) noexcept;

  // The carrier's stack mapping, which holds its static TLS block too
  // (glibc places it, and the thread descriptor, above the stack). Set
  // before the first job runs; read on the carrier.
  const char* low() const noexcept { return low_; }
  const char* high() const noexcept { return high_; }
  // TSan: released as the carrier began (see above).
  const char* started() const noexcept { return &started_; }

 private:
  void loop() noexcept;

  turn job_turn_;
  void (*job_)(void*) = nullptr;
  void* arg_ = nullptr;
  bool stop_ = false;
  char started_ = 0;
  const char* low_ = nullptr;
  const char* high_ = nullptr;
  std::thread thread_;
};

// An idle carrier, or a new one. Owned by the caller until returned.
fiber_carrier* take_carrier();

// Keeps `c`, whose job has ended, for a later take_carrier() (or stops it
// when kIdleCarriers already wait).
void return_carrier(fiber_carrier* c) noexcept;

// How long an idle carrier waits for an exploration before it ends (200 ms;
// for tests). Applies from the carrier's next wait on.
void set_carrier_idle_limit(std::chrono::milliseconds limit) noexcept;

// Waits for `t` spinning a while first (about 100 us: the other side is
// usually back within microseconds), then on its futex (await_os_turn(),
// `wake_early` included).
bool spin_then_await(turn& t, std::chrono::milliseconds limit,
                     const std::atomic<bool>* wake_early = nullptr) noexcept;
// Waits for `t` spinning only (with a yield now and then), up to `limit`:
// for a turn due within a few hundred microseconds.
bool spin_for(turn& t, std::chrono::milliseconds limit) noexcept;

}  // namespace racelab::detail
