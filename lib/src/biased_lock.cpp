// The slow paths of biased_lock (biased_lock.hpp).
#include "biased_lock.hpp"

#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {
namespace {

long membarrier(int command) noexcept {
  return syscall(SYS_membarrier, command, 0U, 0);
}

// Spins, then yields: the holder runs a few hundred nanoseconds, unless it
// was descheduled.
void pause(int& spins) noexcept {
  if ((++spins & 63) == 0) std::this_thread::yield();
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

// Forces a full barrier on every running thread of the process. Transient
// failures (a kernel short of memory for its CPU mask) are retried; an
// unregistered address space (which Linux does not leave after fork(), but
// costs nothing to cover) registers and retries.
void force_barriers() noexcept {
  bool registered_again = false;
  for (int spins = 0;;) {
    if (membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) == 0) return;
    const int error = errno;
    if (error == ENOMEM || error == EINTR || error == EAGAIN) {
      pause(spins);
      continue;
    }
    if (error == EPERM && !registered_again) {
      registered_again = true;
      if (membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED) == 0) continue;
    }
    // bias_to_this_thread() registered this process: without the barrier
    // the owner's store to fast_ may go unseen, and mutual exclusion would
    // be unproven.
    std::fprintf(stderr,
                 "racelab: membarrier() failed (%s) although this process registered for it; "
                 "the scheduler's lock cannot be taken safely\n",
                 std::strerror(error));
    std::abort();
  }
}

}  // namespace

bool biased_lock::bias_to_this_thread() noexcept {
  // Registering again is cheap once the process is registered.
  const long supported = membarrier(MEMBARRIER_CMD_QUERY);
  if (supported < 0 || (supported & MEMBARRIER_CMD_PRIVATE_EXPEDITED) == 0 ||
      membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED) != 0) {
    return false;
  }
  owner_.store(this_thread(), std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_seq_cst);
  return true;
}

void biased_lock::owner_contended() noexcept {
  for (;;) {
    // Release: the other thread, once it reads this, sees the owner's last
    // critical section (the unlock's release heads no sequence that later
    // plain stores continue).
    fast_.store(false, std::memory_order_release);
    int spins = 0;
    while (slow_.load(std::memory_order_acquire))
      pause(spins);
    fast_.store(true, std::memory_order_relaxed);
    std::atomic_signal_fence(std::memory_order_seq_cst);
    if (!slow_.load(std::memory_order_acquire)) return;
  }
}

void biased_lock::lock_other() noexcept {
  inner_.lock();
  slow_.store(true, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (owner_.load(std::memory_order_relaxed) != nullptr) force_barriers();
  int spins = 0;
  while (fast_.load(std::memory_order_acquire))
    pause(spins);
}

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
