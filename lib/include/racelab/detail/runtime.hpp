// The boundary between racelab's primitives and its scheduler (internal).
//
// Each primitive checks `detail::tls_thread` first: it is null on every thread
// that racelab does not manage, and then the primitive does exactly what its
// std counterpart does, at the cost of that thread-local load and one relaxed
// load of a global flag (an exploration in progress is told that an
// unmanaged thread used the primitive). Otherwise it calls one of the entry
// points below, which put the calling managed thread through a scheduling
// point of the exploration that thread belongs to.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <type_traits>

#include "racelab/source_location.hpp"

namespace racelab::detail {

class thread_record;  // one managed thread of the schedule in progress (lib/src)

// Non-null while the calling OS thread runs a managed thread.
// initial-exec: one load, no __tls_get_addr call, also in position-independent
// code (racelab is linked into programs, never dlopen'ed).
extern thread_local constinit thread_record* tls_thread [[gnu::tls_model("initial-exec")]];

inline bool controlled() noexcept {
  return tls_thread != nullptr;
}

// Outcome of a racelab primitive when the runtime wants the real operation
// done instead (perturb strategy: real threads, real synchronization).
enum class mode : std::uint8_t { modelled, real };

// --- objects ---------------------------------------------------------------
enum class object_kind : std::uint8_t {
  mutex,
  recursive_mutex,
  condition_variable,
  // Objects of unmodified code, seen through racelab::intercept.
  shared_mutex,
  semaphore,
  barrier,
  once_flag,
  futex
};
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

// A value read or written by an atomic, kept raw while a schedule runs and
// formatted only when a trace is rendered: integers, bools, floating point
// and pointers print as themselves, other trivially copyable values of up to
// 8 bytes as their bytes, larger ones as a hash (equal values, equal hash).
// `bits` is also the value's fingerprint for telling whether it changed.
struct value_text {
  enum class kind : std::uint8_t {
    none,
    signed_int,
    unsigned_int,
    boolean,
    floating,
    pointer,
    bytes,
    hashed
  };
  kind type = kind::none;
  std::uint8_t size = 0;
  std::uint64_t bits = 0;

  bool known() const noexcept { return type != kind::none; }
};
template <class T>
value_text describe_value(const T& v) noexcept {
  using K = value_text::kind;
  value_text out;
  out.size = static_cast<std::uint8_t>(sizeof(T) < 255 ? sizeof(T) : 255);
  if constexpr (std::is_same_v<T, bool>) {
    out.type = K::boolean;
    out.bits = v ? 1 : 0;
  } else if constexpr (std::is_enum_v<T>) {
    using U = std::underlying_type_t<T>;
    out.type = std::is_signed_v<U> ? K::signed_int : K::unsigned_int;
    out.bits = static_cast<std::uint64_t>(static_cast<U>(v));
  } else if constexpr (std::is_integral_v<T>) {
    out.type = std::is_signed_v<T> ? K::signed_int : K::unsigned_int;
    out.bits = static_cast<std::uint64_t>(v);
  } else if constexpr (std::is_floating_point_v<T>) {
    const double d = static_cast<double>(v);
    out.type = K::floating;
    std::memcpy(&out.bits, &d, sizeof d);
  } else if constexpr (std::is_pointer_v<T>) {
    out.type = K::pointer;
    out.bits = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(v));
  } else if constexpr (sizeof(T) <= sizeof(std::uint64_t)) {
    out.type = K::bytes;
    std::memcpy(&out.bits, &v, sizeof(T));
  } else {
    // FNV-1a over the object representation.
    out.type = K::hashed;
    const auto* p = reinterpret_cast<const unsigned char*>(&v);
    std::uint64_t h = 1469598103934665603ULL;
    for (std::size_t i = 0; i < sizeof(T); ++i)
      h = (h ^ p[i]) * 1099511628211ULL;
    out.bits = h;
  }
  return out;
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
// `write`: it may store (every operation but a load); `order`: its order
// (a compare_exchange's success order). Both feed dpor's dependence.
// Returns weak_memory(): whether the memory model judges the operation.
bool atomic_before(const void* object, bool write, std::memory_order order, source_location loc);
// Records the completed operation in the trace.
void atomic_after(const atomic_access& access, source_location loc);
// Under Options::memory_model == rc11 (weak_memory()): a load just performed,
// whose `value` (of `size` bytes) is the latest store's, may read an older
// store instead: the value is replaced with that store's when the schedule
// chooses one (lib/src/memory_model.hpp).
bool weak_memory() noexcept;
void atomic_load_choice(const void* object, std::memory_order order, void* value,
                        std::size_t size) noexcept;
// A store or read-modify-write just performed: `previous` is the value
// before it, `value` the value written (null: a failed compare_exchange,
// which only reads). A store may take an earlier place in the location's
// modification order than the last; then the value the location must keep
// (the last one's) is copied to `keep` and true returned.
bool atomic_stored(const void* object, std::memory_order order, const void* previous,
                   const void* value, std::size_t size, bool rmw, void* keep) noexcept;
// Under the memory model the real operation on the std::atomic is done
// inside a tsan_hidden scope: ThreadSanitizer would judge it by the location's
// latest store, and is told the synchronization of the store the model chose
// instead (lib/src/memory_model.hpp). Nothing without ThreadSanitizer.
void tsan_hide_begin() noexcept;
void tsan_hide_end() noexcept;
class tsan_hidden {
 public:
  explicit tsan_hidden(bool on) noexcept : on_(on) {
    if (on_) tsan_hide_begin();
  }
  ~tsan_hidden() {
    if (on_) tsan_hide_end();
  }
  tsan_hidden(const tsan_hidden&) = delete;
  tsan_hidden& operator=(const tsan_hidden&) = delete;

 private:
  bool on_;
};
// A racelab::atomic_thread_fence inside an exploration.
void atomic_fence(std::memory_order order) noexcept;
// Between atomic_before and the operation of a compare_exchange_weak whose
// value matches: true when it is to fail spuriously (the standard allows it).
bool cas_fails_spuriously(const void* object) noexcept;
// A racelab::atomic constructed by a managed thread, with its first value,
// and its end (it may outlive the schedule, and the exploration).
void atomic_created(const void* object, value_text initial) noexcept;
void atomic_destroyed(const void* object) noexcept;

// --- threads ---------------------------------------------------------------

// What a managed thread runs: a type-erased, move-only callable, so that a
// racelab::thread accepts everything a std::thread does.
class thread_body {
 public:
  virtual ~thread_body() = default;
  virtual void run() = 0;
};

template <class F>
class thread_body_of final : public thread_body {
 public:
  explicit thread_body_of(F&& f) : f_(std::move(f)) {}
  void run() override { f_(); }

 private:
  F f_;
};

template <class F>
std::unique_ptr<thread_body> make_thread_body(F&& f) {
  return std::make_unique<thread_body_of<std::decay_t<F>>>(std::forward<F>(f));
}

thread_record* spawn(std::unique_ptr<thread_body> fn, source_location loc);
void join(thread_record* t, source_location loc);
void detach(thread_record* t, source_location loc);
void destroyed_joinable(thread_record* t);
// Changes at the start of every schedule; a racelab::thread stamped with an
// older value belongs to an exploration that is over.
std::uint64_t schedule_serial() noexcept;
int thread_number(const thread_record* t) noexcept;
// The identity of the OS thread that runs `t` (each managed thread has its own).
std::thread::id thread_id(const thread_record* t) noexcept;
std::thread::native_handle_type thread_native_handle(const thread_record* t) noexcept;

// A racelab primitive used by a thread that is not managed while an
// exploration runs (a std::thread started by the body, a library's pool):
// the exploration fails with Failure::misuse naming the object.
extern std::atomic<bool> g_exploring;
void unmanaged_use(const void* object, const char* what, source_location loc) noexcept;
inline void note_unmanaged(const void* object, const char* what, source_location loc) noexcept {
  if (g_exploring.load(std::memory_order_relaxed)) unmanaged_use(object, what, loc);
}
// What a primitive's operation asks first: true when the calling thread is
// managed; otherwise the operation runs as its std counterpart, and an
// exploration in progress is told that an unmanaged thread used it.
inline bool managed(const void* object, const char* what, source_location loc) noexcept {
  if (tls_thread != nullptr) return true;
  note_unmanaged(object, what, loc);
  return false;
}

void yield_point(source_location loc);
void check_failed(const char* what, source_location loc);
// A test framework's failed assertion in a managed thread: fails the
// schedule (Failure::check) without throwing. Nothing outside explorations.
void assertion_failed(const std::string& what, source_location loc);
// How many times explore() or replay() was called from inside an
// exploration (each threw std::logic_error).
int nested_explorations() noexcept;

// Thrown by a failed racelab::check() to end the failing thread, as an
// assertion would. Not derived from std::exception, so `catch (const
// std::exception&)` does not swallow it; a `catch (...)` that does simply
// lets the thread go on running (the schedule has already failed).
struct abort_schedule {};

}  // namespace racelab::detail
