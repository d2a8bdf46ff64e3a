// The boundary between racelab's primitives and its scheduler (internal).
//
// Each primitive checks `detail::tls_thread` first: it is null on every thread
// that is not running inside explore()/replay(), and then the primitive does
// exactly what its std counterpart does, with no other cost than that one
// thread-local load. Otherwise it calls one of the entry points below, which
// put the calling managed thread through a scheduling point.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>

#include "racelab/source_location.hpp"

namespace racelab::detail {

class thread_record;  // one managed thread of the schedule in progress (lib/src)

// Non-null while the calling OS thread runs a managed thread.
extern thread_local constinit thread_record* tls_thread;

inline bool controlled() noexcept {
  return tls_thread != nullptr;
}

// Outcome of a racelab primitive when the runtime wants the real operation
// done instead (perturb strategy: real threads, real synchronization).
enum class mode : std::uint8_t { modelled, real };

// --- objects ---------------------------------------------------------------
enum class object_kind : std::uint8_t { mutex, recursive_mutex, condition_variable };
// What a primitive tells the runtime about itself on every call, so objects
// created before an exploration are still named in its traces.
struct object_tag {
  object_kind kind;
  const char* name;  // may be null
};
void object_created(const void* object, object_tag tag, source_location loc);
void object_destroyed(const void* object, object_tag tag);

// --- mutex -----------------------------------------------------------------
mode mutex_lock(const void* m, object_tag tag, source_location loc);
// Returns 1 when acquired, 0 when not, -1 when the caller must try the real mutex.
int mutex_try_lock(const void* m, object_tag tag, source_location loc);
mode mutex_unlock(const void* m, object_tag tag, source_location loc);

// --- condition variable ----------------------------------------------------
mode cv_wait(const void* cv, object_tag tag, const void* m, object_tag mtag, source_location loc);
// A wait that may time out: inside an exploration it can end without a
// notify at any step where its mutex is free; `timed_out` says which.
mode cv_wait_timed(const void* cv, object_tag tag, const void* m, object_tag mtag, bool& timed_out,
                   source_location loc);
mode cv_notify(const void* cv, object_tag tag, bool all, source_location loc);

// --- atomics ---------------------------------------------------------------
enum class atomic_op : std::uint8_t {
  load,
  store,
  exchange,
  fetch_add,
  fetch_sub,
  fetch_and,
  fetch_or,
  fetch_xor,
  cas_weak,
  cas_strong
};

// How a value read or written by an atomic appears in a trace.
struct value_text {
  bool known = false;
  long long value = 0;
};
template <class T>
value_text describe_value(const T& v) noexcept {
  if constexpr (std::is_integral_v<T> || std::is_enum_v<T>) {
    return {true, static_cast<long long>(v)};
  } else if constexpr (std::is_pointer_v<T>) {
    return {true, static_cast<long long>(reinterpret_cast<std::uintptr_t>(v))};
  } else {
    return {};
  }
}

struct atomic_access {
  const void* object;
  const char* name;
  source_location created;
  atomic_op op;
  std::memory_order order;
  value_text before;   // value read (load, rmw old value, cas observed value)
  value_text after;    // value written (store, rmw new value, cas desired)
  value_text operand;  // fetch_add argument, cas expected value
  bool ok = true;      // cas outcome
};

// Scheduling point before an atomic operation: returns when this thread may
// perform it. The real operation is then done on the std::atomic by the caller.
mode atomic_before(const void* object, source_location loc);
// Records the completed operation in the trace.
void atomic_after(const atomic_access& access, source_location loc);

// --- threads ---------------------------------------------------------------

thread_record* spawn(std::function<void()> fn, source_location loc);
void join(thread_record* t, source_location loc);
void detach(thread_record* t, source_location loc);
void destroyed_joinable(thread_record* t);
// Changes at the start of every schedule; a racelab::thread stamped with an
// older value belongs to an exploration that is over.
std::uint64_t schedule_serial() noexcept;
int thread_number(const thread_record* t) noexcept;

void yield_point(source_location loc);
void check_failed(const char* what, source_location loc);

// Thrown through managed code to unwind a schedule after a failure. Not derived
// from std::exception, so `catch (const std::exception&)` does not swallow it.
struct abort_schedule {};

}  // namespace racelab::detail
