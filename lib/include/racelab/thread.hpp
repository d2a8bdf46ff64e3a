// racelab::thread: std::thread whose threads are managed inside an exploration.
//
// Outside explore()/replay() it is a std::thread. Inside, the callable runs on
// an OS thread of its own that only runs when the scheduler hands it the
// turn; its start and finish are scheduling points. Like a std::thread it
// accepts move-only callables and arguments (decay-copied into the new
// thread), has its own std::thread::id, starts with fresh thread_locals whose
// destructors run when it ends, and ThreadSanitizer sees it as a thread of its
// own with the same happens-before edges (everything before the constructor
// happens-before the callable; the callable's end, thread_local destructors
// included, happens-before join() returning). detach() inside an exploration,
// joining a thread that is not joinable, and leaving a thread unjoined when
// the body returns are reported as Failure::misuse.
//
// Thread safety: like std::thread (one owner).
#pragma once

#include <functional>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>

#include "racelab/detail/runtime.hpp"

namespace racelab {

class thread {
 public:
  using id = std::thread::id;
  using native_handle_type = std::thread::native_handle_type;

  thread() noexcept = default;

  // Not inlined: its return address is where the thread was constructed,
  // which the trace's spawn step shows (source_location::pc).
  template <class F, class... Args,
            class = std::enable_if_t<!std::is_same_v<std::remove_cvref_t<F>, thread>>>
  RACELAB_CALLER_PC explicit thread(F&& f, Args&&... args) {
    static_assert(std::is_invocable_v<std::decay_t<F>, std::decay_t<Args>...>,
                  "racelab::thread arguments must be invocable after conversion to rvalues");
    if (detail::controlled()) {
      managed_ = detail::spawn(
          detail::make_thread_body(
              [fn = std::decay_t<F>(std::forward<F>(f)),
               tup = std::tuple<std::decay_t<Args>...>(std::forward<Args>(args)...)]() mutable {
                std::apply([&fn](auto&... a) { std::invoke(std::move(fn), std::move(a)...); }, tup);
              }),
          source_location::from_pc(__builtin_return_address(0)));
      serial_ = detail::schedule_serial();
    } else {
      std_ = std::thread(std::forward<F>(f), std::forward<Args>(args)...);
    }
  }

  thread(thread&& other) noexcept
      : std_(std::move(other.std_)),
        managed_(std::exchange(other.managed_, nullptr)),
        serial_(other.serial_) {}
  thread& operator=(thread&& other) noexcept {
    if (joinable()) std::terminate();  // as std::thread
    std_ = std::move(other.std_);
    managed_ = std::exchange(other.managed_, nullptr);
    serial_ = other.serial_;
    return *this;
  }
  thread(const thread&) = delete;
  thread& operator=(const thread&) = delete;

  // A managed thread whose exploration is over was already reported there
  // (left joinable when the body returned) and is simply dropped.
  ~thread() {
    if (managed_ != nullptr && !stale()) detail::destroyed_joinable(managed_);
  }

  bool joinable() const noexcept { return (managed_ != nullptr && !stale()) || std_.joinable(); }

  void join(source_location loc = source_location::current()) {
    if (managed_ != nullptr && stale()) managed_ = nullptr;  // joins as a non-joinable thread
    if (managed_ != nullptr || (!std_.joinable() && detail::controlled())) {
      detail::join(std::exchange(managed_, nullptr), loc);  // null: a reported misuse
    } else {
      std_.join();
    }
  }

  void detach(source_location loc = source_location::current()) {
    if (managed_ != nullptr) {
      detail::detach(std::exchange(managed_, nullptr), loc);
    } else {
      std_.detach();
    }
  }

  void swap(thread& other) noexcept {
    std::swap(std_, other.std_);
    std::swap(managed_, other.managed_);
    std::swap(serial_, other.serial_);
  }

  id get_id() const noexcept {
    if (managed_ != nullptr) return stale() ? id{} : detail::thread_id(managed_);
    return std_.get_id();
  }

  native_handle_type native_handle() {
    if (managed_ != nullptr) return detail::thread_native_handle(managed_);
    return std_.native_handle();
  }

  // The managed thread's number in traces (T1, T2, ...), or -1.
  int managed_number() const noexcept {
    return managed_ != nullptr ? detail::thread_number(managed_) : -1;
  }

  static unsigned hardware_concurrency() noexcept { return std::thread::hardware_concurrency(); }

 private:
  bool stale() const noexcept { return serial_ != detail::schedule_serial(); }

  std::thread std_;
  detail::thread_record* managed_ = nullptr;
  std::uint64_t serial_ = 0;
};

inline void swap(thread& a, thread& b) noexcept {
  a.swap(b);
}

}  // namespace racelab
