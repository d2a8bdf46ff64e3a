// The OS-thread execution backend: pooled threads, futex hand-offs.
//
// A hand-off spins briefly before sleeping on a futex: on this machine class a
// spinning hand-off costs well under a microsecond and a sleeping one up to
// ~14 us, and the thread handed the turn is usually one that parked moments
// ago. The spin is short (200 pauses, a few microseconds) because several
// parked threads spin at once: measured on 2 cores, 2000 pauses starved the
// running thread and tripled the time per schedule (13.5k vs 40k schedules/s
// for 2 threads x 3 fetch_add, bench/exploration_bench). Turn words are touched only through
// std::atomic inside invisible scopes and raw futex syscalls, which ThreadSanitizer does not
// intercept.
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <memory>
#include <thread>
#include <vector>

#include "execution_backend.hpp"
#include "spin_lock.hpp"
#include "tsan.hpp"

namespace racelab::detail {
namespace {

constexpr int kSpins = 200;

void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

long futex(std::atomic<std::uint32_t>& word, int op, std::uint32_t value,
           const timespec* timeout) noexcept {
  return syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), op | FUTEX_PRIVATE_FLAG, value,
                 timeout, nullptr, 0);
}

void give_turn(turn& t) noexcept {
  if (t.word.exchange(1, std::memory_order_acq_rel) == 2) futex(t.word, FUTEX_WAKE, 1, nullptr);
}

bool await_turn(turn& t, std::chrono::milliseconds limit) noexcept {
  for (int i = 0; i < kSpins; ++i) {
    if (t.word.load(std::memory_order_acquire) == 1) {
      t.word.store(0, std::memory_order_relaxed);
      return true;
    }
    cpu_relax();
  }
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    std::uint32_t expected = 0;
    if (t.word.compare_exchange_strong(expected, 2, std::memory_order_acquire) || expected == 2) {
      const auto left = deadline - std::chrono::steady_clock::now();
      if (left <= std::chrono::nanoseconds::zero()) {
        expected = 2;
        if (t.word.compare_exchange_strong(expected, 0, std::memory_order_acquire)) return false;
        continue;  // handed over meanwhile
      }
      const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
      const timespec ts{static_cast<time_t>(ns / 1'000'000'000),
                        static_cast<long>(ns % 1'000'000'000)};
      futex(t.word, FUTEX_WAIT, 2, &ts);
      continue;
    }
    // expected == 1: handed over.
    t.word.store(0, std::memory_order_relaxed);
    return true;
  }
}

class os_threads final : public execution_backend {
 public:
  void launch(std::function<void()> entry) override {
    worker* w = nullptr;
    {
      std::lock_guard<spin_lock> hold(idle_lock_);
      if (!idle_.empty()) {
        w = idle_.back();
        idle_.pop_back();
      }
    }
    if (w == nullptr) {
      auto owned = std::make_unique<worker>();
      w = owned.get();
      {
        std::lock_guard<spin_lock> hold(idle_lock_);
        all_.push_back(std::move(owned));
      }
      std::thread([this, w] { run(*w); }).detach();
    }
    w->job = std::move(entry);
    give_turn(w->wake);
  }

  void give(turn& t) noexcept override { give_turn(t); }

  bool await(turn& t, std::chrono::milliseconds limit) noexcept override {
    return await_turn(t, limit);
  }

 private:
  struct worker {
    turn wake;
    std::function<void()> job;
  };

  [[noreturn]] void run(worker& w) {
    for (;;) {
      std::function<void()> job;
      {
        tsan::invisible_scope quiet;
        while (!await_turn(w.wake, std::chrono::hours(1))) {
        }
        job = std::move(w.job);
      }
      job();  // runs a managed thread; returns after it has given its last turn away
      job = nullptr;
      tsan::invisible_scope quiet;
      std::lock_guard<spin_lock> hold(idle_lock_);
      idle_.push_back(&w);
    }
  }

  spin_lock idle_lock_;
  std::vector<worker*> idle_;                 // guarded by idle_lock_
  std::vector<std::unique_ptr<worker>> all_;  // guarded by idle_lock_
};

}  // namespace

execution_backend& os_thread_backend() {
  static auto* backend = new os_threads();  // never destroyed: its threads outlive main
  return *backend;
}

}  // namespace racelab::detail
