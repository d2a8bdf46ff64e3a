// A minimal spin lock for the scheduler's own state (internal).
//
// Used only inside tsan::invisible_scope, where a std::mutex would still be
// intercepted by ThreadSanitizer. Critical sections are a few hundred
// nanoseconds at most and contention is rare (one managed thread runs at a
// time), so spinning with a pause and an occasional yield is enough.
#pragma once

#include <atomic>
#include <thread>

namespace racelab::detail {

class spin_lock {
 public:
  void lock() noexcept {
    for (int spins = 0; flag_.exchange(true, std::memory_order_acquire); ++spins) {
      while (flag_.load(std::memory_order_relaxed)) {
        if ((++spins & 63) == 0) std::this_thread::yield();
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
      }
    }
  }
  bool try_lock() noexcept {
    return !flag_.exchange(true, std::memory_order_acquire);
  }
  void unlock() noexcept {
    flag_.store(false, std::memory_order_release);
  }

 private:
  std::atomic<bool> flag_{false};
};

}  // namespace racelab::detail
