// ThreadSanitizer glue (internal).
//
// invisible_scope: while one is alive on a thread, ThreadSanitizer ignores that
// thread's memory accesses and synchronization. Every piece of scheduler code
// that runs on a managed thread runs inside one, which is what makes the
// scheduler transparent: its hand-offs (atomics and futexes on turn words) and
// its bookkeeping would otherwise give TSan happens-before edges between
// threads that the program does not have, hiding the very races racelab looks
// for. This is sound because the scheduler never touches program memory; the
// program's real synchronization is reported separately, outside any
// invisible_scope, through the annotations below: acquire/release on the
// thread start/finish tokens and the __tsan_mutex_* protocol on each mutex.
//
// report_count(): how many reports TSan has issued in this process, counted by
// a __tsan_on_report hook that only bumps a counter (it runs inside the TSan
// runtime, where calling back into instrumented code is not safe).
//
// In builds without TSan everything here compiles to nothing but the
// runtime_depth count.
#pragma once

#include <string>

#if defined(__SANITIZE_THREAD__)
#define RACELAB_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define RACELAB_TSAN 1
#endif
#endif
#ifndef RACELAB_TSAN
#define RACELAB_TSAN 0
#endif

// RACELAB_UNINSTRUMENTED_BEGIN / _END, around the definitions of racelab's
// own code (not around #includes), the inline members of its internal
// headers included (scheduler.hpp, fairness.hpp, trace.hpp: a copy the
// compiler emits out of line would otherwise be instrumented, and one such
// copy, of the scheduler's step bookkeeping, was seen to keep TSan from
// reporting a race on a replay): under ThreadSanitizer with Clang, the
// functions defined between them get no instrumentation at all (memory
// accesses, atomics, function entry and exit). That code runs inside
// invisible_scopes, where TSan ignores what it does anyway, so this changes
// no verdict; it only stops paying for the checks (half of a fiber
// schedule's time under TSan) and keeps TSan's shadow call stack of a fiber
// free of racelab's frames that never return (fiber_backend.cpp). Functions
// declared outside the region (the standard library's templates) keep
// their instrumentation where they are emitted as functions of their own,
// so a template the program also instantiates is instrumented whichever
// copy the linker keeps; what the compiler inlines into racelab's code
// (std::atomic's always-inline members, say) is racelab's code, unchecked.
// RACELAB_TSAN_UNINSTRUMENTED says whether the compiler supports it (Clang 14 and later; not GCC
// 12, where both are empty).
#if RACELAB_TSAN && defined(__clang__) && defined(__has_attribute)
#if __has_attribute(disable_sanitizer_instrumentation)
#define RACELAB_TSAN_UNINSTRUMENTED 1
// clang-format off
#define RACELAB_UNINSTRUMENTED_BEGIN \
  _Pragma("clang attribute push(__attribute__((disable_sanitizer_instrumentation)), apply_to = function)")
// clang-format on
#define RACELAB_UNINSTRUMENTED_END _Pragma("clang attribute pop")
#endif
#endif
#ifndef RACELAB_TSAN_UNINSTRUMENTED
#define RACELAB_TSAN_UNINSTRUMENTED 0
#define RACELAB_UNINSTRUMENTED_BEGIN
#define RACELAB_UNINSTRUMENTED_END
#endif

namespace racelab::detail::tsan {

inline constexpr bool enabled = RACELAB_TSAN != 0;

// How many invisible_scopes are alive on this thread, in every build: while
// one is, the thread runs racelab's runtime, and racelab::intercept passes
// every call it makes (thread creation, futex hand-offs) to the real one.
extern thread_local constinit int runtime_depth [[gnu::tls_model("initial-exec")]];
inline bool in_runtime() noexcept {
  return runtime_depth != 0;
}

class invisible_scope {
 public:
#if RACELAB_TSAN
  invisible_scope() noexcept;
  ~invisible_scope();
#else
  invisible_scope() noexcept {
    ++runtime_depth;
  }  // inline: every step takes one or two
  ~invisible_scope() {
    --runtime_depth;
  }
#endif
  invisible_scope(const invisible_scope&) = delete;
  invisible_scope& operator=(const invisible_scope&) = delete;
};

// An invisible_scope's two halves, for a scope that spans a header's inline
// code (racelab::atomic's real operation under the memory model).
void enter_invisible() noexcept;
void leave_invisible() noexcept;

// TSan's ignores alone, without runtime_depth: for the few instructions of a
// fiber switch where the fiber running is not the one that will leave.
void ignore_begin() noexcept;
void ignore_end() noexcept;

// Inside an invisible_scope: makes the thread visible to TSan again for its
// lifetime, to report one of the program's own synchronizations.
class visible_region {
 public:
  visible_region() noexcept;
  ~visible_region();
  visible_region(const visible_region&) = delete;
  visible_region& operator=(const visible_region&) = delete;
};

// Makes ThreadSanitizer ignore the calling thread for the rest of its life
// (a thread draining a schedule that has already failed).
void mute_thread() noexcept;
// Ends mute_thread(), before the thread ends (TSan checks that it has no
// ignores left).
void unmute_thread() noexcept;

// Inside an invisible_scope (and maybe muted): releases on `token` as the
// thread itself. A thread does this each time it parks, so that what it did
// happens-before the controller returning even if it is never woken again.
void release_from_scope(const void* token, bool muted) noexcept;

void acquire(const void* token) noexcept;
void release(const void* token) noexcept;

void mutex_create(const void* m, bool recursive) noexcept;
void mutex_destroy(const void* m) noexcept;
void mutex_lock(const void* m, bool try_lock, bool acquired, int recursion) noexcept;
void mutex_unlock(const void* m) noexcept;
void mutex_lock_shared(const void* m) noexcept;
void mutex_unlock_shared(const void* m) noexcept;

int report_count() noexcept;
// Between schedules: makes TSan check again the memory its reports were
// about (after a report it stops checking there, which would hide the same
// race in later schedules and replays).
void forget_reported_memory() noexcept;
// The kind of the latest report ("data-race", "lock-order-inversion", ...).
std::string last_report_kind();
// The first memory access of the latest report (null if none, or no TSan).
const void* last_report_address() noexcept;

// The ThreadSanitizer options racelab needs that are not in effect, as
// "name=0:name=0", or "" when all are (always "" without TSan):
// suppress_equal_stacks=0 and suppress_equal_addresses=0, without which TSan
// reports a race on an address, or between two stacks, once per process, so
// the next schedule racing there, or its replay, looks clean. A library
// cannot set them: the TSan runtime's own default
// wins over a library's, and a program's own __tsan_default_options or
// TSAN_OPTIONS decides.
std::string missing_options();

}  // namespace racelab::detail::tsan
