// biased_lock (lib/src/biased_lock.hpp): mutual exclusion between its owner
// and other threads, and progress for the others while the owner keeps
// taking it. Real threads; the outcomes checked do not depend on how they
// interleave.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "biased_lock.hpp"
#include "tsan.hpp"

namespace {

using racelab::detail::biased_lock;
namespace tsan = racelab::detail::tsan;

// Each acquisition by another thread than the owner is a membarrier() (tens
// of microseconds): they take it fewer times.
constexpr int kOwnerRounds = 20000;
constexpr int kOtherRounds = 2000;

// Adds one to `counter` `rounds` times, a read and a write apart, under
// `lock`. ThreadSanitizer does not see the membarrier() that orders the
// owner (the scheduler takes the lock only inside invisible scopes too).
void add_rounds(biased_lock& lock, long& counter, int rounds) {
  for (int i = 0; i < rounds; ++i) {
    tsan::invisible_scope quiet;
    std::lock_guard<biased_lock> hold(lock);
    const long seen = counter;
    std::atomic_signal_fence(std::memory_order_seq_cst);
    counter = seen + 1;
  }
}

TEST(BiasedLock, ExcludesTheOwnerAndTheOtherThreads) {
  biased_lock lock;
  const bool biased = lock.bias_to_this_thread();
  EXPECT_EQ(biased, lock.biased());
  long counter = 0;
  std::vector<std::thread> others;
  for (int t = 0; t < 2; ++t)
    others.emplace_back([&] { add_rounds(lock, counter, kOtherRounds); });
  add_rounds(lock, counter, kOwnerRounds);
  for (auto& t : others)
    t.join();
  tsan::invisible_scope quiet;
  EXPECT_EQ(counter, kOwnerRounds + 2L * kOtherRounds);
}

TEST(BiasedLock, WithoutAnOwnerEveryThreadTakesTheSameSlowPath) {
  biased_lock lock;
  EXPECT_FALSE(lock.biased());
  long counter = 0;
  std::thread other([&] { add_rounds(lock, counter, kOwnerRounds); });
  add_rounds(lock, counter, kOwnerRounds);
  other.join();
  tsan::invisible_scope quiet;
  EXPECT_EQ(counter, 2L * kOwnerRounds);
}

// The owner backs off while another thread waits: the loop below ends only
// if the other thread gets in while the owner keeps locking (a starved
// other thread would hang the test until ctest's timeout).
TEST(BiasedLock, AnotherThreadGetsInWhileTheOwnerKeepsTakingIt) {
  biased_lock lock;
  lock.bias_to_this_thread();
  std::atomic<bool> other_in{false};
  int written = 0;  // by the other thread, under the lock
  std::thread other([&] {
    tsan::invisible_scope quiet;
    std::lock_guard<biased_lock> hold(lock);
    written = 42;
    other_in.store(true);
  });
  int seen = 0;
  while (!other_in.load()) {
    tsan::invisible_scope quiet;
    std::lock_guard<biased_lock> hold(lock);
    seen = written;
  }
  other.join();
  {
    tsan::invisible_scope quiet;
    std::lock_guard<biased_lock> hold(lock);
    seen = written;
  }
  EXPECT_EQ(seen, 42);
}

}  // namespace
