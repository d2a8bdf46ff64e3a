// racelab::atomic<T>: std::atomic<T> whose every operation is a scheduling point
// inside an exploration.
//
// Guarantees: the operations of std::atomic<T> for trivially copyable T, each
// taking a std::memory_order (default seq_cst), with fetch_add/fetch_sub and
// the arithmetic operators for integral and pointer types. The value always
// lives in a real std::atomic<T> and every operation is performed on it with
// the order the caller gave, so ThreadSanitizer sees exactly the program's
// orders: a release store read by an acquire load synchronizes, a relaxed
// pair does not. Under Options::memory_model == rc11 a load may read an older
// store than the real location holds; then the real operation is hidden from
// TSan, which is told the synchronization of the store actually read
// (lib/src/memory_model.hpp). Inside an exploration each operation records its thread,
// the value read or written and the caller's file:line in the trace.
//
// Thread safety: like std::atomic. Memory ordering: as requested per call.
#pragma once

#include <array>
#include <atomic>
#include <bit>
#include <cstring>
#include <type_traits>

#include "racelab/detail/runtime.hpp"

namespace racelab {

template <class T>
class atomic {
  static_assert(std::is_trivially_copyable_v<T>, "racelab::atomic<T> needs a trivially copyable T");
  using order = std::memory_order;
  using op = detail::atomic_op;
  template <class U>
  using diff_t = std::conditional_t<std::is_pointer_v<U>, std::ptrdiff_t, U>;

 public:
  using value_type = T;

  atomic(source_location loc = source_location::current()) noexcept : atomic(T{}, nullptr, loc) {}
  atomic(T desired, source_location loc = source_location::current()) noexcept
      : atomic(desired, nullptr, loc) {}
  // `name` (outliving the atomic) is how traces refer to it.
  atomic(T desired, const char* name, source_location loc = source_location::current()) noexcept
      : std_(desired), name_(name), created_(loc) {
    if (detail::controlled()) {
      born_managed_ = true;
      detail::atomic_created(this, detail::describe_value(desired));
    }
  }
  ~atomic() {
    if (born_managed_) detail::atomic_destroyed(this);
  }
  atomic(const atomic&) = delete;
  atomic& operator=(const atomic&) = delete;

  // Each operation: outside an exploration the std operation and one
  // thread-local load; the exploring path is out of line (managed_*), so
  // this one inlines.
  T load(order o = order::seq_cst, source_location loc = source_location::current()) const {
    if (!detail::managed(this, "load", loc)) return std_.load(o);
    return managed_load(o, loc);
  }

  void store(T desired, order o = order::seq_cst,
             source_location loc = source_location::current()) {
    if (!detail::managed(this, "store", loc)) return std_.store(desired, o);
    managed_store(desired, o, loc);
  }

  T exchange(T desired, order o = order::seq_cst,
             source_location loc = source_location::current()) {
    if (!detail::managed(this, "exchange", loc)) return std_.exchange(desired, o);
    return managed_exchange(desired, o, loc);
  }

 private:
  [[gnu::noinline]] T managed_load(order o, source_location loc) const {
    const bool weak = detail::atomic_before(this, false, o, loc);
    T v = real([&] { return std_.load(o); }, weak);
    if (weak) detail::atomic_load_choice(this, o, &v, sizeof(T));
    record(op::load, o, text(v), {}, {}, true, loc);
    return v;
  }

  [[gnu::noinline]] void managed_store(T desired, order o, source_location loc) {
    if (detail::atomic_before(this, true, o, loc)) {
      const T previous = real([&] { return std_.exchange(desired, o); }, true);
      std::array<unsigned char, sizeof(T)> keep;
      // Placed before the last store in modification order: the location
      // keeps the last one's value.
      if (detail::atomic_stored(this, o, &previous, &desired, sizeof(T), false, keep.data()))
        real([&] { return std_.exchange(std::bit_cast<T>(keep), order::relaxed); }, true);
    } else {
      std_.store(desired, o);
    }
    record(op::store, o, {}, text(desired), {}, true, loc);
  }

  [[gnu::noinline]] T managed_exchange(T desired, order o, source_location loc) {
    const bool weak = detail::atomic_before(this, true, o, loc);
    const T old = real([&] { return std_.exchange(desired, o); }, weak);
    if (weak) detail::atomic_stored(this, o, &old, &desired, sizeof(T), true, nullptr);
    record(op::exchange, o, text(old), text(desired), {}, true, loc);
    return old;
  }

 public:
  bool compare_exchange_strong(T& expected, T desired, order o = order::seq_cst,
                               source_location loc = source_location::current()) {
    return cas(op::cas_strong, expected, desired, o, failure_order(o), loc);
  }
  bool compare_exchange_strong(T& expected, T desired, order success, order failure,
                               source_location loc = source_location::current()) {
    return cas(op::cas_strong, expected, desired, success, failure, loc);
  }
  // Inside an exploration the weak form may fail spuriously when the value
  // matches, as the standard allows (Options::spurious_cas_failures).
  bool compare_exchange_weak(T& expected, T desired, order o = order::seq_cst,
                             source_location loc = source_location::current()) {
    return cas(op::cas_weak, expected, desired, o, failure_order(o), loc);
  }
  bool compare_exchange_weak(T& expected, T desired, order success, order failure,
                             source_location loc = source_location::current()) {
    return cas(op::cas_weak, expected, desired, success, failure, loc);
  }

  template <class U = T, class = std::enable_if_t<std::is_integral_v<U> || std::is_pointer_v<U>>>
  T fetch_add(diff_t<U> arg, order o = order::seq_cst,
              source_location loc = source_location::current()) {
    return rmw(op::fetch_add, arg, o, loc);
  }
  template <class U = T, class = std::enable_if_t<std::is_integral_v<U> || std::is_pointer_v<U>>>
  T fetch_sub(diff_t<U> arg, order o = order::seq_cst,
              source_location loc = source_location::current()) {
    return rmw(op::fetch_sub, arg, o, loc);
  }
  template <class U = T, class = std::enable_if_t<std::is_integral_v<U>>>
  T fetch_and(T arg, order o = order::seq_cst, source_location loc = source_location::current()) {
    return rmw(op::fetch_and, arg, o, loc);
  }
  template <class U = T, class = std::enable_if_t<std::is_integral_v<U>>>
  T fetch_or(T arg, order o = order::seq_cst, source_location loc = source_location::current()) {
    return rmw(op::fetch_or, arg, o, loc);
  }
  template <class U = T, class = std::enable_if_t<std::is_integral_v<U>>>
  T fetch_xor(T arg, order o = order::seq_cst, source_location loc = source_location::current()) {
    return rmw(op::fetch_xor, arg, o, loc);
  }

  // The operators have no room for a defaulted source_location; they are
  // not inlined, so their return address is the caller's code, which traces
  // turn into file:line (source_location::pc).
  RACELAB_CALLER_PC operator T() const {
    return load(order::seq_cst, source_location::from_pc(__builtin_return_address(0)));
  }
  RACELAB_CALLER_PC T operator=(T desired) {
    store(desired, order::seq_cst, source_location::from_pc(__builtin_return_address(0)));
    return desired;
  }
  template <class U = T, class = std::enable_if_t<std::is_integral_v<U> || std::is_pointer_v<U>>>
  RACELAB_CALLER_PC T operator++() {
    return rmw(op::fetch_add, diff_t<U>(1), order::seq_cst,
               source_location::from_pc(__builtin_return_address(0))) +
           1;
  }
  template <class U = T, class = std::enable_if_t<std::is_integral_v<U> || std::is_pointer_v<U>>>
  RACELAB_CALLER_PC T operator++(int) {
    return rmw(op::fetch_add, diff_t<U>(1), order::seq_cst,
               source_location::from_pc(__builtin_return_address(0)));
  }
  template <class U = T, class = std::enable_if_t<std::is_integral_v<U> || std::is_pointer_v<U>>>
  RACELAB_CALLER_PC T operator--() {
    return rmw(op::fetch_sub, diff_t<U>(1), order::seq_cst,
               source_location::from_pc(__builtin_return_address(0))) -
           1;
  }
  template <class U = T, class = std::enable_if_t<std::is_integral_v<U> || std::is_pointer_v<U>>>
  RACELAB_CALLER_PC T operator--(int) {
    return rmw(op::fetch_sub, diff_t<U>(1), order::seq_cst,
               source_location::from_pc(__builtin_return_address(0)));
  }
  template <class U = T, class = std::enable_if_t<std::is_integral_v<U> || std::is_pointer_v<U>>>
  RACELAB_CALLER_PC T operator+=(diff_t<U> arg) {
    return rmw(op::fetch_add, arg, order::seq_cst,
               source_location::from_pc(__builtin_return_address(0))) +
           arg;
  }
  template <class U = T, class = std::enable_if_t<std::is_integral_v<U> || std::is_pointer_v<U>>>
  RACELAB_CALLER_PC T operator-=(diff_t<U> arg) {
    return rmw(op::fetch_sub, arg, order::seq_cst,
               source_location::from_pc(__builtin_return_address(0))) -
           arg;
  }

  bool is_lock_free() const noexcept { return std_.is_lock_free(); }

 private:
  static constexpr order failure_order(order o) noexcept {
    if (o == order::acq_rel) return order::acquire;
    if (o == order::release) return order::relaxed;
    return o;
  }

  // Outside an exploration the std operation and one thread-local load:
  // the exploring path is out of line, so this one inlines.
  template <class Arg>
  T rmw(op kind, Arg arg, order o, source_location loc) {
    if (!detail::managed(this, "read-modify-write", loc)) return plain_rmw(kind, arg, o);
    return managed_rmw(kind, arg, o, loc);
  }

  template <class Arg>
  T plain_rmw(op kind, Arg arg, order o) {
    switch (kind) {
      case op::fetch_add:
        return std_.fetch_add(arg, o);
      case op::fetch_sub:
        return std_.fetch_sub(arg, o);
      case op::fetch_and:
        return std_.fetch_and(arg, o);
      case op::fetch_or:
        return std_.fetch_or(arg, o);
      default:
        return std_.fetch_xor(arg, o);
    }
  }

  template <class Arg>
  [[gnu::noinline]] T managed_rmw(op kind, Arg arg, order o, source_location loc) {
    const bool weak = detail::atomic_before(this, true, o, loc);
    const T old = real([&] { return plain_rmw(kind, arg, o); }, weak);
    const T now = real([&] { return std_.load(order::relaxed); }, weak);
    if (weak) detail::atomic_stored(this, o, &old, &now, sizeof(T), true, nullptr);
    record(kind, o, text(old), text(now), detail::describe_value(arg), true, loc);
    return old;
  }

  bool cas(op kind, T& expected, T desired, order success, order failure, source_location loc) {
    if (!detail::managed(this, "compare_exchange", loc)) {
      return kind == op::cas_weak
                 ? std_.compare_exchange_weak(expected, desired, success, failure)
                 : std_.compare_exchange_strong(expected, desired, success, failure);
    }
    return managed_cas(kind, expected, desired, success, failure, loc);
  }

  [[gnu::noinline]] bool managed_cas(op kind, T& expected, T desired, order success, order failure,
                                     source_location loc) {
    const bool weak = detail::atomic_before(this, true, success, loc);
    const T wanted = expected;
    const bool spurious =
        kind == op::cas_weak &&
        same_bytes(real([&] { return std_.load(order::relaxed); }, weak), expected) &&
        detail::cas_fails_spuriously(this);
    const bool ok = real(
        [&] {
          if (!spurious) return std_.compare_exchange_strong(expected, desired, success, failure);
          expected = std_.load(failure);  // a failed compare_exchange loads, in the failure order
          return false;
        },
        weak);
    if (weak) {
      // A failed compare_exchange only reads (the latest value: atomicity).
      detail::atomic_stored(this, ok ? success : failure, &expected, ok ? &desired : nullptr,
                            sizeof(T), true, nullptr);
    }
    record(kind, ok ? success : failure, text(expected), ok ? text(desired) : detail::value_text{},
           text(wanted), ok, loc);
    return ok;
  }

  // The real operation on std_; under the memory model hidden from TSan
  // (detail::tsan_hidden).
  template <class Op>
  static auto real(Op op, bool weak) {
    const detail::tsan_hidden hide(weak);
    return op();
  }

  static bool same_bytes(const T& a, const T& b) noexcept {
    return std::memcmp(&a, &b, sizeof(T)) == 0;
  }

  static detail::value_text text(const T& v) noexcept { return detail::describe_value(v); }

  void record(op kind, order o, detail::value_text before, detail::value_text after,
              detail::value_text operand, bool ok, source_location loc) const {
    detail::atomic_after({this, name_, created_, kind, o, before, after, operand, ok}, loc);
  }

  std::atomic<T> std_;
  const char* name_ = nullptr;
  source_location created_;
  bool born_managed_ = false;  // constructed inside a schedule
};

// racelab::atomic_thread_fence: std::atomic_thread_fence, and inside an
// exploration under Options::memory_model == rc11 the fence's meaning for
// racelab::atomic (a release fence publishes to acquire readers of a later
// relaxed store; an acquire fence acquires what earlier relaxed loads read;
// lib/src/memory_model.hpp).
inline void atomic_thread_fence(std::memory_order order) noexcept {
  std::atomic_thread_fence(order);
  detail::atomic_fence(order);
}
// A fence between a thread and a signal handler on it: no other thread is
// involved, so nothing is modelled.
inline void atomic_signal_fence(std::memory_order order) noexcept {
  std::atomic_signal_fence(order);
}

}  // namespace racelab
