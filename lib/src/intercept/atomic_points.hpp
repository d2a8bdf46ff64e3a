// The program's atomic operations and fences, as ThreadSanitizer builds see
// them (internal).
//
// In a ThreadSanitizer build, racelab_instrument links the target with
// --wrap for the TSan runtime's atomic entry points (__tsan_atomicN_load,
// _store, _exchange, _fetch_*, _compare_exchange_*, __tsan_atomic_thread_fence;
// memory_hooks/tsan_atomic_wraps.cpp). Every atomic operation of the
// program, std::atomic's and racelab::atomic's, then passes through here:
//
//  - atomic_point(), before the operation: a scheduling point (read-modify-
//    writes included, which Clang's coverage hooks cannot see), unless the
//    operation is racelab::atomic's own (it made its point already) or
//    libstdc++'s atomic wait's (its futex wait is the point; see
//    in_std_atomic_wait_code()).
//  - atomic_done(), after it, and fence(): ThreadSanitizer is told the
//    synchronization C++20 gives fences, which TSan does not model itself
//    ([atomics.fences]):
//      * a release fence F of thread A, then an atomic store X by A, read by
//        an acquire operation B (or by a relaxed load followed by an acquire
//        fence of B's thread): F synchronizes with B;
//      * a release store read by a relaxed load followed by an acquire fence
//        synchronizes with that fence.
//    Each release fence (and each release store) gets a token, a byte of a
//    per-schedule arena, released on with __tsan_release when it happens.
//    A location carries the tokens of the value it holds (a store replaces
//    them, a read-modify-write adds its own: the release sequence). An
//    acquire load acquires the tokens of the value it read; a relaxed load
//    leaves them pending on its thread, and the thread's next acquire fence
//    acquires them. Only these edges are added, so a misplaced fence (before
//    the data it should publish, or an acquire fence before the load) still
//    leaves the race for TSan to report.
//
// A std::atomic_thread_fence is also given to the memory model
// (memory_model.hpp), so racelab::atomic under MemoryModel::rc11 sees the
// program's std fences in these builds (elsewhere only racelab::
// atomic_thread_fence is seen).
//
// Operations of racelab's own sources pass straight through; those inlined
// from racelab's public headers (racelab::atomic's) are told to TSan but
// make no second point.
//
// Plain memory is left to TSan in these builds (no coverage hooks): with
// atomics and synchronization as the points, every behaviour of a
// data-race-free program is explored, and a race is reported in any
// schedule that runs both accesses. (A thread spinning on a plain flag is
// therefore not seen here; the same target built without TSan sees it.)
//
// Thread safety: called by managed threads, one at a time (the scheduler
// runs one); the state is per schedule and reset by the first call of the
// next one. Outside explorations everything passes straight through.
// Failure paths: nothing here blocks except the scheduling point itself.
#pragma once

namespace racelab::detail::intercept {

enum class atomic_kind { load, store, rmw };

// `order` is TSan's morder: 0 relaxed, 1 consume, 2 acquire, 3 release,
// 4 acq_rel, 5 seq_cst.
void atomic_point(const volatile void* address, atomic_kind kind, int order, const void* pc);
void atomic_done(const volatile void* address, atomic_kind kind, int order, bool wrote,
                 const void* pc);
void fence(int order, const void* pc);

}  // namespace racelab::detail::intercept
