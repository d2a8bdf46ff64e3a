#include "tsan.hpp"

#if RACELAB_TSAN
#include <sanitizer/tsan_interface.h>

#include <cstddef>

extern "C" {
void __tsan_ignore_thread_begin();
void __tsan_ignore_thread_end();
void AnnotateIgnoreSyncBegin(const char* file, int line);
void AnnotateIgnoreSyncEnd(const char* file, int line);
int __tsan_get_report_data(void* report, const char** description, int* count, int* stack_count,
                           int* mop_count, int* loc_count, int* mutex_count, int* thread_count,
                           int* unique_tid_count, void** sleep_trace, std::size_t trace_size);
}

namespace {
// Written only from __tsan_on_report, read by the scheduler inside an
// invisible_scope; the hook must not call instrumented code, hence no atomics.
volatile int g_reports = 0;
const char* volatile g_last_kind = nullptr;
}  // namespace

extern "C" __attribute__((no_sanitize("thread"))) void __tsan_on_report(void* report) {
  const char* description = nullptr;
  int unused = 0;
  void* sleep = nullptr;
  if (__tsan_get_report_data(report, &description, &unused, &unused, &unused, &unused, &unused,
                             &unused, &unused, &sleep, 0) != 0) {
    g_last_kind = description;
  }
  g_reports = g_reports + 1;
}

namespace racelab::detail::tsan {

invisible_scope::invisible_scope() noexcept {
  __tsan_ignore_thread_begin();
  AnnotateIgnoreSyncBegin(__FILE__, __LINE__);
}
invisible_scope::~invisible_scope() {
  AnnotateIgnoreSyncEnd(__FILE__, __LINE__);
  __tsan_ignore_thread_end();
}

visible_region::visible_region() noexcept {
  AnnotateIgnoreSyncEnd(__FILE__, __LINE__);
  __tsan_ignore_thread_end();
}
visible_region::~visible_region() {
  __tsan_ignore_thread_begin();
  AnnotateIgnoreSyncBegin(__FILE__, __LINE__);
}

void mute_thread() noexcept {
  __tsan_ignore_thread_begin();
  AnnotateIgnoreSyncBegin(__FILE__, __LINE__);
}

void unmute_thread() noexcept {
  AnnotateIgnoreSyncEnd(__FILE__, __LINE__);
  __tsan_ignore_thread_end();
}

void release_from_scope(const void* token, bool muted) noexcept {
  const int levels = muted ? 2 : 1;
  for (int i = 0; i < levels; ++i) {
    AnnotateIgnoreSyncEnd(__FILE__, __LINE__);
    __tsan_ignore_thread_end();
  }
  __tsan_release(const_cast<void*>(token));
  for (int i = 0; i < levels; ++i) {
    __tsan_ignore_thread_begin();
    AnnotateIgnoreSyncBegin(__FILE__, __LINE__);
  }
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
void mutex_lock(const void* m, bool try_lock, bool acquired, int recursion) noexcept {
  void* p = const_cast<void*>(m);
  const unsigned flags = try_lock ? __tsan_mutex_try_lock : 0;
  __tsan_mutex_pre_lock(p, flags);
  __tsan_mutex_post_lock(p, acquired ? flags : flags | __tsan_mutex_try_lock_failed, recursion);
}
void mutex_unlock(const void* m) noexcept {
  void* p = const_cast<void*>(m);
  __tsan_mutex_pre_unlock(p, 0);
  __tsan_mutex_post_unlock(p, 0);
}

int report_count() noexcept {
  return g_reports;
}
std::string last_report_kind() {
  const char* kind = g_last_kind;
  return kind != nullptr ? kind : "report";
}

}  // namespace racelab::detail::tsan

#else

namespace racelab::detail::tsan {
invisible_scope::invisible_scope() noexcept = default;
invisible_scope::~invisible_scope() = default;
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
int report_count() noexcept {
  return 0;
}
std::string last_report_kind() {
  return {};
}
}  // namespace racelab::detail::tsan

#endif
