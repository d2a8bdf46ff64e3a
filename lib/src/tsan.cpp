#include "tsan.hpp"

#if RACELAB_TSAN
#include <sanitizer/tsan_interface.h>

#include <cstddef>
#include <cstdlib>
#include <string>
#include <vector>

extern "C" {
void __tsan_ignore_thread_begin();
void __tsan_ignore_thread_end();
void AnnotateIgnoreSyncBegin(const char* file, int line);
void AnnotateIgnoreSyncEnd(const char* file, int line);
int __tsan_get_report_data(void* report, const char** description, int* count, int* stack_count,
                           int* mop_count, int* loc_count, int* mutex_count, int* thread_count,
                           int* unique_tid_count, void** sleep_trace, std::size_t trace_size);
int __tsan_get_report_mop(void* report, std::size_t idx, int* tid, void** addr, int* size,
                          int* write, int* atomic, void** trace, std::size_t trace_size);
}

// TSan's own reset of a range's shadow (its malloc and thread start use it).
// Not part of the public interface, so declared weak: a runtime without it
// leaves reported memory unchecked, as TSan does by default. Its ThreadState
// and pc arguments are unused (compiler-rt 14, tsan_rtl_access.cpp).
namespace __tsan {
struct ThreadState;
__attribute__((weak)) void MemoryResetRange(ThreadState* thr, unsigned long pc, unsigned long addr,
                                            unsigned long size);
// What __tsan_ignore_thread_begin/end and AnnotateIgnoreSyncBegin/End do,
// minus the stack each Begin records for TSan's "thread finished with
// ignores enabled" diagnostic (a pc of 0 skips it; compiler-rt 14,
// tsan_rtl.cpp). Every invisible_scope takes both, and those two captures
// were a fifth of a fiber schedule's time. Weak as above: without them, the
// public calls.
__attribute__((weak)) void ThreadIgnoreBegin(ThreadState* thr, unsigned long pc);
__attribute__((weak)) void ThreadIgnoreEnd(ThreadState* thr);
__attribute__((weak)) void ThreadIgnoreSyncBegin(ThreadState* thr, unsigned long pc);
__attribute__((weak)) void ThreadIgnoreSyncEnd(ThreadState* thr);
}  // namespace __tsan

extern "C" const char* __tsan_default_options();

namespace {
// Written only from __tsan_on_report, read by the scheduler inside an
// invisible_scope; the hook must not call instrumented code, hence no atomics.
volatile int g_reports = 0;
const char* volatile g_last_kind = nullptr;
void* volatile g_last_address = nullptr;

// Memory that a report was about. After a report TSan stops checking that
// memory (its shadow is marked so as not to trap there again), which would
// hide the same race in every later schedule and replay; the scheduler hands
// the ranges back to TSan as new memory once the schedule is over.
struct range {
  void* addr;
  int size;
};
constexpr int kRanges = 64;
range g_ranges[kRanges];
volatile int g_range_count = 0;
}  // namespace

extern "C" __attribute__((no_sanitize("thread"))) void __tsan_on_report(void* report) {
  const char* description = nullptr;
  int unused = 0, mops = 0;
  void* sleep = nullptr;
  if (__tsan_get_report_data(report, &description, &unused, &unused, &mops, &unused, &unused,
                             &unused, &unused, &sleep, 0) != 0) {
    g_last_kind = description;
  }
  for (int i = 0; i < mops && i < 2 && g_range_count < kRanges; ++i) {
    int tid = 0, size = 0, write = 0, atomic = 0;
    void* addr = nullptr;
    void* trace = nullptr;
    if (__tsan_get_report_mop(report, static_cast<std::size_t>(i), &tid, &addr, &size, &write,
                              &atomic, &trace, 0) == 0 ||
        addr == nullptr) {
      break;
    }
    if (i == 0) g_last_address = addr;
    g_ranges[g_range_count] = {addr, size};
    g_range_count = g_range_count + 1;
  }
  g_reports = g_reports + 1;
}

// racelab's side of the glue is not instrumented (tsan.hpp): it runs at
// every step, mostly while TSan ignores the thread, and an instrumented
// function's entry and exit are recorded in TSan's per-thread history even
// then, using up the history that lets TSan report a race whose first
// access lies many steps back (with history_size=7: 5,000 steps before,
// 10,000 now; tsan_transparency_test.cpp).
RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail::tsan {
namespace {

// The calling thread's (or fiber's) TSan state: a fiber's handle is it.
__tsan::ThreadState* current_state() noexcept {
  return static_cast<__tsan::ThreadState*>(__tsan_get_current_fiber());
}
bool internal_ignores() noexcept {
  return &__tsan::ThreadIgnoreBegin != nullptr && &__tsan::ThreadIgnoreEnd != nullptr &&
         &__tsan::ThreadIgnoreSyncBegin != nullptr && &__tsan::ThreadIgnoreSyncEnd != nullptr;
}
}  // namespace

// runtime_depth changes while TSan ignores the thread: fibers of one OS
// thread share it (fiber_backend.cpp), and TSan would see their accesses to
// it as a race. TSan ignores the thread's accesses, then its synchronization.
void ignore_begin() noexcept {
  if (internal_ignores()) {
    __tsan::ThreadState* const thr = current_state();
    __tsan::ThreadIgnoreBegin(thr, 0);
    __tsan::ThreadIgnoreSyncBegin(thr, 0);
  } else {
    __tsan_ignore_thread_begin();
    AnnotateIgnoreSyncBegin(__FILE__, __LINE__);
  }
}
void ignore_end() noexcept {
  if (internal_ignores()) {
    __tsan::ThreadState* const thr = current_state();
    __tsan::ThreadIgnoreSyncEnd(thr);
    __tsan::ThreadIgnoreEnd(thr);
  } else {
    AnnotateIgnoreSyncEnd(__FILE__, __LINE__);
    __tsan_ignore_thread_end();
  }
}
void enter_invisible() noexcept {
  ignore_begin();
  ++runtime_depth;
}
void leave_invisible() noexcept {
  --runtime_depth;
  ignore_end();
}
invisible_scope::invisible_scope() noexcept {
  enter_invisible();
}
invisible_scope::~invisible_scope() {
  leave_invisible();
}

visible_region::visible_region() noexcept {
  ignore_end();
}
visible_region::~visible_region() {
  ignore_begin();
}

void mute_thread() noexcept {
  ignore_begin();
}

void unmute_thread() noexcept {
  ignore_end();
}

void release_from_scope(const void* token, bool muted) noexcept {
  const int levels = muted ? 2 : 1;
  for (int i = 0; i < levels; ++i)
    ignore_end();
  __tsan_release(const_cast<void*>(token));
  for (int i = 0; i < levels; ++i)
    ignore_begin();
}

void acquire(const void* token) noexcept {
  __tsan_acquire(const_cast<void*>(token));
}
void release(const void* token) noexcept {
  __tsan_release(const_cast<void*>(token));
}

void mutex_create(const void* m, bool recursive) noexcept {
  __tsan_mutex_create(const_cast<void*>(m), recursive ? __tsan_mutex_write_reentrant : 0);
}
void mutex_destroy(const void* m) noexcept {
  __tsan_mutex_destroy(const_cast<void*>(m), 0);
}
void mutex_lock(const void* m, bool, bool acquired, int recursion) noexcept {
  void* p = const_cast<void*>(m);
  // Every modelled lock is told as a try_lock: the same acquire for the
  // happens-before order, but TSan's lock-order detector skips try_locks.
  // Inside an exploration racelab judges lock order itself, per schedule and
  // with gate locks; TSan's detector knows no gate locks and remembers mutexes
  // across schedules, so it would report cycles no schedule can close.
  const unsigned flags = __tsan_mutex_try_lock;
  __tsan_mutex_pre_lock(p, flags);
  __tsan_mutex_post_lock(p, acquired ? flags : flags | __tsan_mutex_try_lock_failed, recursion);
}
void mutex_unlock(const void* m) noexcept {
  void* p = const_cast<void*>(m);
  __tsan_mutex_pre_unlock(p, 0);
  __tsan_mutex_post_unlock(p, 0);
}

void mutex_lock_shared(const void* m) noexcept {
  void* p = const_cast<void*>(m);
  const unsigned flags = __tsan_mutex_try_lock | __tsan_mutex_read_lock;  // as mutex_lock
  __tsan_mutex_pre_lock(p, flags);
  __tsan_mutex_post_lock(p, flags, 0);
}
void mutex_unlock_shared(const void* m) noexcept {
  void* p = const_cast<void*>(m);
  __tsan_mutex_pre_unlock(p, __tsan_mutex_read_lock);
  __tsan_mutex_post_unlock(p, __tsan_mutex_read_lock);
}

int report_count() noexcept {
  return g_reports;
}

void forget_reported_memory() noexcept {
  if (&__tsan::MemoryResetRange != nullptr) {
    for (int i = 0; i < g_range_count; ++i) {
      __tsan::MemoryResetRange(nullptr, 0, reinterpret_cast<unsigned long>(g_ranges[i].addr),
                               static_cast<unsigned long>(g_ranges[i].size));
    }
  }
  g_range_count = 0;
}

std::string missing_options() {
  // Effective values: TSan's defaults, then __tsan_default_options(), then
  // TSAN_OPTIONS; within each, the last setting wins.
  struct needed {
    const char* name;
    std::string value;
  };
  std::vector<needed> flags{{"suppress_equal_stacks", "1"}, {"suppress_equal_addresses", "1"}};
  auto apply = [&flags](const char* text) {
    if (text == nullptr) return;
    std::string all = text;
    std::size_t pos = 0;
    while (pos <= all.size()) {
      std::size_t end = all.find_first_of(": \t\n", pos);
      if (end == std::string::npos) end = all.size();
      const std::string item = all.substr(pos, end - pos);
      const std::size_t eq = item.find('=');
      for (auto& f : flags) {
        if (eq != std::string::npos && item.compare(0, eq, f.name) == 0 &&
            std::char_traits<char>::length(f.name) == eq) {
          f.value = item.substr(eq + 1);
        }
      }
      pos = end + 1;
    }
  };
  apply(__tsan_default_options());
  apply(std::getenv("TSAN_OPTIONS"));
  std::string missing;
  for (const auto& f : flags) {
    if (f.value != "0" && f.value != "false")
      missing += std::string(missing.empty() ? "" : ":") + f.name + "=0";
  }
  return missing;
}
std::string last_report_kind() {
  const char* kind = g_last_kind;
  return kind != nullptr ? kind : "report";
}
const void* last_report_address() noexcept {
  return g_last_address;
}

}  // namespace racelab::detail::tsan
RACELAB_UNINSTRUMENTED_END

#else

namespace racelab::detail::tsan {
void ignore_begin() noexcept {}
void ignore_end() noexcept {}
void enter_invisible() noexcept {
  ++runtime_depth;
}
void leave_invisible() noexcept {
  --runtime_depth;
}
visible_region::visible_region() noexcept = default;
visible_region::~visible_region() = default;
void mute_thread() noexcept {}
void release_from_scope(const void*, bool) noexcept {}
void unmute_thread() noexcept {}
void acquire(const void*) noexcept {}
void release(const void*) noexcept {}
void mutex_create(const void*, bool) noexcept {}
void mutex_destroy(const void*) noexcept {}
void mutex_lock(const void*, bool, bool, int) noexcept {}
void mutex_unlock(const void*) noexcept {}
void mutex_lock_shared(const void*) noexcept {}
void mutex_unlock_shared(const void*) noexcept {}
int report_count() noexcept {
  return 0;
}
std::string last_report_kind() {
  return {};
}
const void* last_report_address() noexcept {
  return nullptr;
}
std::string missing_options() {
  return {};
}
void forget_reported_memory() noexcept {}
}  // namespace racelab::detail::tsan

#endif

namespace racelab::detail::tsan {
thread_local constinit int runtime_depth [[gnu::tls_model("initial-exec")]] = 0;
}  // namespace racelab::detail::tsan
