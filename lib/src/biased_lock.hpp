// biased_lock: the scheduler's lock, cheap for the one thread that takes it
// nearly always (internal).
//
// On the fiber backend every managed thread and the loop over schedules run
// on one OS thread, the carrier, which takes the scheduler's lock about 40
// times per schedule; another thread takes it only to watch for a stuck
// schedule (every 200 ms) or to report a misuse. An atomic exchange per
// acquisition cost a fiber schedule about an eighth of its time. Biased to
// the carrier, the lock costs it two plain stores and a load; the other
// threads pay instead, with a membarrier() system call that makes every
// running thread of the process execute a full memory barrier (an
// asymmetric Dekker lock, as liburcu's and folly's asymmetric barriers).
//
// Protocol:
//  - The owner (the thread that called bias_to_this_thread()): lock sets
//    fast_, then reads slow_; if it is clear the lock is held, else it
//    clears fast_, waits until slow_ is clear and tries again. Unlock clears
//    fast_ (release).
//  - Any other thread: takes inner_ (one of them at a time), sets slow_, a
//    full fence, and, when the lock has an owner, membarrier(); then waits
//    until fast_ is clear. Unlock clears slow_ (release), then inner_.
//
// Guarantees:
//  - Mutual exclusion. The owner's store to fast_ and load of slow_ have no
//    fence between them (a compiler barrier only), but membarrier() puts
//    one in the owner, at some point P while it runs: if the owner set fast_
//    before P, the other thread sees it and waits; if after, the owner's load
//    of slow_ is after P too and sees it set (the other thread's fence made
//    it visible before the call), so the owner backs off. A thread that does
//    not run during the call passes a full barrier in the context switch.
//    Biasing while another thread holds or takes the lock: the owner's
//    seq_cst fence after storing owner_ and the other's after setting slow_
//    order the two; either the other sees the owner and calls membarrier(),
//    or the owner's first load of slow_ sees it set.
//  - Everything done under the lock happens-before the next holder (release
//    stores of fast_ and slow_, acquire loads of both).
//  - Progress: the owner backs off while another thread waits, so that one
//    gets in after at most one of the owner's critical sections; the owner
//    waits at most for that one's.
//  - Without membarrier (an old kernel, a seccomp filter that refuses it)
//    bias_to_this_thread() does nothing, and every thread takes the other
//    threads' path: an exchange lock and a fence, as before the bias. A
//    membarrier() that fails later is retried while the failure is
//    transient (ENOMEM, EINTR, EAGAIN); any other failure aborts with a
//    message, as mutual exclusion could not be shown.
//  - fork(): as with any lock, a child forked while another thread holds
//    or waits for it inherits it held; the child's owner then waits for
//    ever at its next step.
//
// Thread safety: lock() and unlock() from any thread; bias_to_this_thread()
// at most once, before its caller takes the lock. ThreadSanitizer: used
// only inside tsan::invisible_scope (synchronization ignored), as the
// spin_lock it replaces.
#pragma once

#include <atomic>

#include "spin_lock.hpp"

namespace racelab::detail {

class biased_lock {
 public:
  // Makes the calling thread the owner; false (and no bias) when the
  // system cannot force barriers on other threads.
  bool bias_to_this_thread() noexcept;
  bool biased() const noexcept { return owner_.load(std::memory_order_relaxed) != nullptr; }

  void lock() noexcept {
    if (owner_.load(std::memory_order_relaxed) == this_thread()) {
      fast_.store(true, std::memory_order_relaxed);
      std::atomic_signal_fence(std::memory_order_seq_cst);  // membarrier() is the fence
      if (!slow_.load(std::memory_order_acquire)) [[likely]]
        return;
      owner_contended();
      return;
    }
    lock_other();
  }
  void unlock() noexcept {
    if (owner_.load(std::memory_order_relaxed) == this_thread()) {
      fast_.store(false, std::memory_order_release);
      return;
    }
    slow_.store(false, std::memory_order_release);
    inner_.unlock();
  }

 private:
  // A token that tells threads apart: the address of a thread_local.
  static const void* this_thread() noexcept { return &tls_token; }
  static inline thread_local constinit char tls_token = 0;
  void owner_contended() noexcept;
  void lock_other() noexcept;

  std::atomic<const void*> owner_{nullptr};
  std::atomic<bool> fast_{false};  // the owner holds the lock, or is taking it
  std::atomic<bool> slow_{false};  // another thread holds the lock, or is taking it
  spin_lock inner_;                // among the other threads
};

}  // namespace racelab::detail
