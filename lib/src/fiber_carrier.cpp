#include "fiber_carrier.hpp"

#include <pthread.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

#include "spin_lock.hpp"
#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {
namespace {

constexpr int kHandOffSpins = 4000;
constexpr std::size_t kIdleCarriers = 2;

struct carrier_pool {
  spin_lock lock;
  std::vector<fiber_carrier*> idle;  // guarded by lock
};

// In a forked child only the forking thread exists: the idle carriers are
// forgotten (not destroyed: their threads cannot be joined there), and the
// lock starts free, whoever held it in the parent.
void forget_in_child() noexcept;

carrier_pool& pool() {
  static carrier_pool* const p = [] {
    auto* created = new carrier_pool();    // never destroyed: explorations may run at exit
    created->idle.reserve(kIdleCarriers);  // return_carrier() allocates nothing
    pthread_atfork(nullptr, nullptr, &forget_in_child);
    return created;
  }();
  return *p;
}

void forget_in_child() noexcept {
  carrier_pool& p = pool();
  std::construct_at(&p.lock);
  std::construct_at(&p.idle);  // the parent's list is leaked, as its carriers
}

}  // namespace

bool spin_then_await(turn& t, std::chrono::milliseconds limit) noexcept {
  for (int i = 0; i < kHandOffSpins; ++i) {
    if (t.word.load(std::memory_order_acquire) == 1) {
      t.word.store(0, std::memory_order_relaxed);
      return true;
    }
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
  return await_os_turn(t, limit);
}

fiber_carrier::fiber_carrier() {
  tsan::invisible_scope quiet;
  thread_ = std::thread([this] { loop(); });
}

fiber_carrier::~fiber_carrier() {
  tsan::invisible_scope quiet;
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
    while (!spin_then_await(job_turn_, std::chrono::hours(24))) {
    }
    if (stop_) return;
    job_(arg_);
  }
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
