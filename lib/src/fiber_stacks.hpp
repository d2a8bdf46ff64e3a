// fiber_stacks: the stacks of the fiber backend's fibers, and their TSan
// fibers (internal).
//
// Guarantees:
//  - A stack is as large as an OS thread's by default (memory is committed
//    only as it is touched), with an inaccessible guard region below it
//    large enough that no single frame (symbolizing a location takes large
//    ones) jumps over it: an overflow faults instead of corrupting.
//  - Under AddressSanitizer a stack is a heap block (1 MiB), so that
//    LeakSanitizer scans the stacks of an abandoned schedule's parked fibers
//    (it does not scan anonymous mappings) and an overflow lands in a heap
//    redzone.
//  - Under AddressSanitizer a stack keeps the fake stack (the frames
//    detect_stack_use_after_return moves off the real stack) of the last
//    fiber that ended on it, and the next fiber on it takes it over:
//    ASan's default, a fake stack made for each fiber and unmapped at its
//    end, costs several system calls per fiber (half of a schedule's time
//    on a VM where they are slow). Frames the ended fiber left in it are
//    collected by ASan (they lie below the new fiber's stack pointer); a
//    stack freed for good takes its fake stack with it.
//  - Under ThreadSanitizer a stack keeps its TSan fiber (__tsan_create_fiber)
//    for every fiber that runs on it: creating and destroying one maps and
//    unmaps TSan's 512 KiB shadow call stack, most of a schedule's time.
//    Reuse is faithful: a stack is reused only after its fiber ended
//    (balanced ignores, an empty shadow call stack: fiber_backend.cpp's
//    frames that never return are not instrumented at all) and was joined by
//    the schedule's end, whose controller releases to the next schedule's
//    threads; so what the TSan fiber knew of its earlier life is known to its
//    next one's spawner anyway, and adds no happens-before edge. The fiber of
//    an abandoned schedule is never reused (its stack stays with it). A
//    compiler that cannot leave those frames uninstrumented (GCC, tsan.hpp)
//    gets a fresh TSan fiber for each fiber instead. A stack kept from an
//    earlier exploration gets a fresh TSan fiber too: TSan (compiler-rt 14)
//    gives each thread and fiber one of 256 slots, taken from the front of
//    a queue that every new thread moves on, and a thread that needs a
//    slot while the front one is owned takes it over, after which all the
//    owner did before looks ordered before the taker's accesses. A TSan
//    fiber kept from long ago would hold a slot near the front, and a
//    fiber of the same schedule could take it over and hide their race
//    (tsan_transparency_test.cpp,
//    TsanReports.AFiberRaceIsReportedAfterManyThreadsHaveComeAndGone). A
//    fresh one takes its slot from the front and puts it at the back.
//  - Stacks are reused: within a backend (its pool, of stacks whose fiber
//    has ended) and across explorations (retire_stacks() keeps up to 16 for
//    the next backend), since mapping and first touching them cost more than
//    many short schedules.
//
// Thread safety: a pool belongs to one backend (its carrier); the reserve
// across explorations is guarded by a lock. Out of memory ends the process
// with a message (a fiber cannot run without a stack).
#pragma once

#include <cstddef>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#define RACELAB_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RACELAB_ASAN 1
#endif
#endif
#ifndef RACELAB_ASAN
#define RACELAB_ASAN 0
#endif

namespace racelab::detail {

// The stack of one fiber, and its TSan fiber.
struct stack_memory {
  char* base = nullptr;  // the allocation; the stack grows down from base + size
  std::size_t size = 0;
  std::size_t guard = 0;  // the inaccessible bytes at base
  void* tsan_fiber = nullptr;
  void* fake_stack = nullptr;  // AddressSanitizer's, of the last fiber that ended on it
};

// A stack for a new fiber: the last of `pool`, else one an earlier
// exploration retired, else a new one.
stack_memory take_stack(std::vector<stack_memory>& pool);

// A backend's stacks as it ends (no fiber runs on them): kept for the next
// exploration up to the reserve's size, the rest freed. Empties `pool`.
void retire_stacks(std::vector<stack_memory>& pool) noexcept;

}  // namespace racelab::detail
