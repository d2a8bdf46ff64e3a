#include "fiber_stacks.hpp"

#include <pthread.h>
#include <sys/mman.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "spin_lock.hpp"
#include "tsan.hpp"

#if RACELAB_TSAN
#include <sanitizer/tsan_interface.h>
#endif
#if RACELAB_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#include <boost/context/detail/fcontext.hpp>
#endif

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {
namespace {

constexpr std::size_t kStackSize = RACELAB_ASAN ? 1u << 20 : 8u << 20;
[[maybe_unused]] constexpr std::size_t kGuardSize = 64u << 10;
constexpr std::size_t kSpareStacks = 16;

struct stack_reserve {
  spin_lock lock;
  std::vector<stack_memory> stacks;  // guarded by lock
};
stack_reserve* g_reserve = nullptr;  // set once, before any stack is reserved

// A forked child starts with an empty, unlocked reserve, whoever held the
// lock in the parent (the parent's stacks are copies it leaves alone).
void forget_stacks_in_child() noexcept {
  if (g_reserve != nullptr) g_reserve = new stack_reserve();
}

stack_reserve& spare_stacks() {
  static const bool created = [] {
    g_reserve = new stack_reserve();  // never destroyed: explorations may run at exit
    pthread_atfork(nullptr, nullptr, &forget_stacks_in_child);
    return true;
  }();
  (void)created;
  return *g_reserve;
}

[[noreturn]] void out_of_memory() noexcept {
  std::fputs("racelab: the fiber backend could not allocate a fiber stack\n", stderr);
  std::abort();
}

stack_memory new_stack() {
  stack_memory s;
  s.size = kStackSize;
#if RACELAB_ASAN
  s.base = static_cast<char*>(std::malloc(s.size));
  if (s.base == nullptr) out_of_memory();
#else
  void* p = mmap(nullptr, s.size, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
  if (p == MAP_FAILED) out_of_memory();
  s.base = static_cast<char*>(p);
  s.guard = kGuardSize;
  mprotect(s.base, s.guard, PROT_NONE);
#endif
#if RACELAB_TSAN
  s.tsan_fiber = __tsan_create_fiber(0);
#endif
  return s;
}

#if RACELAB_ASAN
namespace fc = boost::context::detail;

// A fake stack is destroyed only by a fiber that ends with it: a fiber that
// installs it and ends at once, without touching it (no instrumentation).
__attribute__((no_sanitize_address)) void end_with_fake_stack(fc::transfer_t from) noexcept {
  const void* bottom = nullptr;
  std::size_t size = 0;
  __sanitizer_finish_switch_fiber(from.data, &bottom, &size);
  __sanitizer_start_switch_fiber(nullptr, bottom, size);  // nullptr: it ends, its fake stack too
  fc::jump_fcontext(from.fctx, nullptr);
  __builtin_unreachable();
}

void destroy_fake_stack(const stack_memory& s) noexcept {
  if (s.fake_stack == nullptr) return;
  void* own = nullptr;
  const fc::fcontext_t c =
      fc::make_fcontext(s.base + s.size, s.size - s.guard, &end_with_fake_stack);
  __sanitizer_start_switch_fiber(&own, s.base + s.guard, s.size - s.guard);
  fc::jump_fcontext(c, s.fake_stack);
  __sanitizer_finish_switch_fiber(own, nullptr, nullptr);
}
#endif

void release(const stack_memory& s) noexcept {
#if RACELAB_TSAN
  __tsan_destroy_fiber(s.tsan_fiber);
#endif
#if RACELAB_ASAN
  destroy_fake_stack(s);
  std::free(s.base);
#else
  munmap(s.base, s.size);
#endif
}

}  // namespace

stack_memory take_stack(std::vector<stack_memory>& pool) {
  [[maybe_unused]] bool from_reserve = false;
  if (pool.empty()) {
    stack_reserve& reserve = spare_stacks();
    std::lock_guard<spin_lock> hold(reserve.lock);
    if (!reserve.stacks.empty()) {
      pool.push_back(reserve.stacks.back());
      reserve.stacks.pop_back();
      from_reserve = true;
    }
  }
  if (pool.empty()) return new_stack();
  stack_memory s = pool.back();
  pool.pop_back();
#if RACELAB_TSAN
  // A fresh TSan fiber for a stack of an earlier exploration (its TSan slot
  // may be at the front of TSan's queue by now: fiber_stacks.hpp), and for
  // every stack where the compiler cannot leave fiber_backend.cpp's
  // never-returning frames out of TSan's shadow call stack (tsan.hpp).
  if (from_reserve || !RACELAB_TSAN_UNINSTRUMENTED) {
    __tsan_destroy_fiber(s.tsan_fiber);
    s.tsan_fiber = __tsan_create_fiber(0);
  }
#endif
#if RACELAB_ASAN
  __asan_unpoison_memory_region(s.base, s.size);
#endif
  return s;
}

void retire_stacks(std::vector<stack_memory>& pool) noexcept {
  stack_reserve& reserve = spare_stacks();
  std::lock_guard<spin_lock> hold(reserve.lock);
  for (const stack_memory& s : pool) {
    if (reserve.stacks.size() < kSpareStacks) {
      reserve.stacks.push_back(s);
    } else {
      release(s);
    }
  }
  pool.clear();
}

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
