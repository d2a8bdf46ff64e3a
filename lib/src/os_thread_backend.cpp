// The OS-thread execution backend: a fresh OS thread per managed thread,
// futex hand-offs.
//
// A fresh thread (rather than a pooled one) is what makes a managed thread a
// thread in its own right: its own std::thread::id, fresh thread_locals, and
// a distinct thread to ThreadSanitizer, which would otherwise see two managed
// threads that ran on one pooled OS thread as one thread's program order and
// miss the race between them. Creating and joining a thread costs 20-80 us on
// the machines racelab is measured on (README, figures).
//
// A hand-off spins briefly before sleeping on a futex: a spinning hand-off
// costs well under a microsecond and a sleeping one up to ~14 us, and the
// thread handed the turn is usually one that parked moments ago. The spin is
// short (200 pauses) because several parked threads spin at once: on 2 cores,
// 2000 pauses starved the running thread. Turn words are touched only through
// std::atomic inside invisible scopes and raw futex syscalls, which
// ThreadSanitizer does not intercept.
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <memory>
#include <thread>

#include "execution_backend.hpp"
#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
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

}  // namespace

void give_os_turn(turn& t) noexcept {
  if (t.word.exchange(1, std::memory_order_acq_rel) == 2) futex(t.word, FUTEX_WAKE, 1, nullptr);
}

void wake_os_turn_waiter(turn& t) noexcept {
  std::uint32_t asleep = 2;
  if (t.word.compare_exchange_strong(asleep, 0)) futex(t.word, FUTEX_WAKE, 1, nullptr);
}

bool await_os_turn(turn& t, std::chrono::milliseconds limit,
                   const std::atomic<bool>* wake_early) noexcept {
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
    if (t.word.compare_exchange_strong(expected, 2) || expected == 2) {
      // Either this load sees it set, or the waker's exchange sees the 2
      // stored above and interrupts the sleep (both seq_cst).
      if (wake_early != nullptr && wake_early->load()) {
        // Leaves the word as a sleeper-free turn, so that the giver does not
        // wake a futex nobody waits on (perhaps after the turn is gone).
        expected = 2;
        if (t.word.compare_exchange_strong(expected, 0) || expected == 0) return false;
        t.word.store(0, std::memory_order_relaxed);  // expected == 1: handed over meanwhile
        return true;
      }
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

namespace {

class os_thread_context final : public execution_context {
 public:
  explicit os_thread_context(std::function<void()> entry)
      : thread_(std::move(entry)), id_(thread_.get_id()) {}
  ~os_thread_context() override {
    if (thread_.joinable()) thread_.detach();
  }

  std::thread::id id() const noexcept override { return id_; }
  std::thread::native_handle_type native_handle() noexcept override {
    return thread_.joinable() ? thread_.native_handle() : std::thread::native_handle_type{};
  }
  void reclaim() noexcept override {
    if (thread_.joinable()) thread_.join();
  }
  void abandon() noexcept override {
    if (thread_.joinable()) thread_.detach();
  }

 private:
  std::thread thread_;
  std::thread::id id_;
};

class os_threads final : public execution_backend {
 public:
  std::unique_ptr<execution_context> launch(turn&, std::function<void()> entry) override {
    return std::make_unique<os_thread_context>(std::move(entry));
  }

  void give(turn& t) noexcept override { give_os_turn(t); }

  bool await(turn& t, std::chrono::milliseconds limit) noexcept override {
    return await_os_turn(t, limit);
  }

  [[noreturn]] void park_forever() noexcept override {
    std::atomic<std::uint32_t> never{0};
    for (;;)
      futex(never, FUTEX_WAIT, 0, nullptr);
  }
};

}  // namespace

execution_backend& os_thread_backend() {
  static auto* backend = new os_threads();  // never destroyed: parked threads may outlive main
  return *backend;
}

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
