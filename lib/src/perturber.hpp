// perturber: the runtime of Strategy::perturb (internal).
//
// For code whose synchronization is only partly racelab's (it also takes plain
// std::mutex, or calls libraries), threads run truly in parallel and every
// racelab scheduling point injects a delay drawn from the thread's own seeded
// generator: none, a yield, a short spin, or a sleep of a few microseconds.
// The primitives do their real std operations. Nothing is modelled, so such a
// run is not exactly replayable; its schedule string records the seed. Lock
// order is still recorded (potential deadlocks are found without deadlocking),
// failures of check() and escaping exceptions are collected.
//
// As in a controlled schedule, every managed thread (T0 too) runs on a fresh
// OS thread and the caller of explore() only watches: when no thread reaches
// a scheduling point for the stuck limit (threads deadlocked in their real
// mutexes), the run is abandoned and every thread of it parks for ever at
// its next scheduling point (scheduler.hpp explains why that terminates).
//
// Thread safety: shared state is guarded by lock_; each thread_record's
// generator and held-lock list are touched only by their own thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "execution_backend.hpp"
#include "lock_order_graph.hpp"
#include "racelab/detail/runtime.hpp"
#include "racelab/options.hpp"
#include "spin_lock.hpp"

namespace racelab::detail {

class thread_record;

class perturber {
 public:
  perturber(std::uint64_t seed, execution_backend& backend, std::chrono::milliseconds stuck_after);
  ~perturber();

  // Runs `body` once as T0 with delays injected; fills failure()/message().
  void run(const std::function<void()>& body, int schedule_number);

  Failure failure() const { return failure_; }
  const std::string& message() const { return message_; }
  bool abandoned() const { return abandoned_; }

  void delay(thread_record& self);
  void before_lock(thread_record& self, const void* m, object_tag tag, source_location loc);
  void before_unlock(thread_record& self, const void* m);
  void object_destroyed(const void* object);
  thread_record* spawn(thread_record& self, std::unique_ptr<thread_body> fn);
  void join(thread_record& self, thread_record* target);
  void detach(thread_record& self, thread_record* target);
  [[noreturn]] void check_failed(thread_record& self, const char* what, source_location loc);
  // The last step of a managed thread, taken as its OS thread ends.
  void finish(thread_record& self);

 private:
  void entry(thread_record& self);
  void fail(Failure kind, std::string message);
  int mutex_serial(const void* m, object_tag tag);
  std::string mutex_name(int serial) const;
  void park_if_abandoned();

  std::uint64_t seed_;
  execution_backend& backend_;
  std::chrono::milliseconds stuck_after_;

  spin_lock lock_;
  turn done_;  // handed to the controller when the last thread finishes
  std::vector<std::unique_ptr<thread_record>> threads_;  // guarded by lock_
  struct mutex_entry {
    const void* address;
    std::string name;
  };
  std::vector<mutex_entry> mutexes_;  // guarded by lock_; index + 1 is the serial
  lock_order_graph lock_order_;       // guarded by lock_
  Failure failure_ = Failure::none;   // guarded by lock_
  std::string message_;               // guarded by lock_
  std::atomic<long> progress_{0};
  std::atomic<bool> abandoned_{false};
};

perturber* active_perturber() noexcept;
void set_active_perturber(perturber* p) noexcept;

}  // namespace racelab::detail
