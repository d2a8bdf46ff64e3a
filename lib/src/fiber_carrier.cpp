#include "fiber_carrier.hpp"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "spin_lock.hpp"
#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {
namespace {

constexpr int kHandOffSpins = 4000;
constexpr std::size_t kIdleCarriers = 2;
std::atomic<long> g_idle_ms{200};  // set_carrier_idle_limit()

struct carrier_pool {
  carrier_pool() { idle.reserve(kIdleCarriers); }  // return_carrier() allocates nothing
  spin_lock lock;
  std::vector<fiber_carrier*> idle;  // guarded by lock
};

carrier_pool* g_pool = nullptr;  // set once, before any carrier exists

// In a forked child only the forking thread exists: the idle carriers are
// forgotten (not destroyed: their threads cannot be joined there), and the
// pool starts empty and unlocked, whoever held it in the parent.
void forget_carriers_in_child() noexcept {
  if (g_pool != nullptr) g_pool = new carrier_pool();  // the parent's is leaked, as its carriers
}

carrier_pool& pool() {
  static const bool created = [] {
    g_pool = new carrier_pool();  // never destroyed: explorations may run at exit
    pthread_atfork(nullptr, nullptr, &forget_carriers_in_child);
    return true;
  }();
  (void)created;
  return *g_pool;
}

// Whether `c`, idle for a while, left the pool (then no job can come):
// false when it is not there, because a job is on its way.
bool leave_pool(fiber_carrier* c) noexcept {
  carrier_pool& p = pool();
  std::lock_guard<spin_lock> hold(p.lock);
  const auto it = std::find(p.idle.begin(), p.idle.end(), c);
  if (it == p.idle.end()) return false;
  p.idle.erase(it);
  return true;
}

}  // namespace

bool spin_then_await(turn& t, std::chrono::milliseconds limit,
                     const std::atomic<bool>* wake_early) noexcept {
  for (int i = 0; i < kHandOffSpins; ++i) {
    if (t.word.load(std::memory_order_acquire) == 1) {
      t.word.store(0, std::memory_order_relaxed);
      return true;
    }
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
  return await_os_turn(t, limit, wake_early);
}

bool spin_for(turn& t, std::chrono::milliseconds limit) noexcept {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (unsigned i = 1;; ++i) {
    if (t.word.load(std::memory_order_acquire) == 1) {
      t.word.store(0, std::memory_order_relaxed);
      return true;
    }
    if ((i & 1023) == 0) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      std::this_thread::yield();
    }
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
}

fiber_carrier::fiber_carrier() {
  tsan::invisible_scope quiet;
  thread_ = std::thread([this] { loop(); });
}

fiber_carrier::~fiber_carrier() {
  tsan::invisible_scope quiet;
  if (!thread_.joinable()) return;  // it ended on its own (loop())
  stop_ = true;
  give_os_turn(job_turn_);
  thread_.join();
}

void fiber_carrier::start(void (*job)(void*), void* arg) noexcept {
  tsan::invisible_scope quiet;
  job_ = job;
  arg_ = arg;
  give_os_turn(job_turn_);
}

void fiber_carrier::loop() noexcept {
  tsan::release(&started_);
  tsan::invisible_scope quiet;  // a carrier runs racelab's runtime, and the jobs say otherwise
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    void* low = nullptr;
    std::size_t size = 0;
    pthread_attr_getstack(&attr, &low, &size);
    pthread_attr_destroy(&attr);
    low_ = static_cast<const char*>(low);
    high_ = low_ + size;
  }
  for (;;) {
    const std::chrono::milliseconds idle_for(g_idle_ms.load(std::memory_order_relaxed));
    if (!spin_then_await(job_turn_, idle_for)) {
      // Idle in the pool for a while: the process goes back to the threads
      // it had, and the carrier's thread_locals die with it.
      if (!leave_pool(this)) continue;
      thread_.detach();
      delete this;
      return;
    }
    if (stop_) return;
    job_(arg_);
  }
}

void set_carrier_idle_limit(std::chrono::milliseconds limit) noexcept {
  g_idle_ms.store(static_cast<long>(limit.count()), std::memory_order_relaxed);
}

fiber_carrier* take_carrier() {
  {
    carrier_pool& p = pool();
    std::lock_guard<spin_lock> hold(p.lock);
    if (!p.idle.empty()) {
      fiber_carrier* c = p.idle.back();
      p.idle.pop_back();
      return c;
    }
  }
  return new fiber_carrier();
}

void return_carrier(fiber_carrier* c) noexcept {
  {
    carrier_pool& p = pool();
    std::lock_guard<spin_lock> hold(p.lock);
    if (p.idle.size() < kIdleCarriers) {
      p.idle.push_back(c);
      return;
    }
  }
  delete c;
}

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
