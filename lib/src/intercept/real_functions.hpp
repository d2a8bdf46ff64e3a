// The real function behind an interceptor (internal).
//
// RACELAB_REAL_FUNCTION(name, version) declares real_<name>(), which returns
// ThreadSanitizer's interceptor __interceptor_<name> when the program has
// one (a TSan build: forwarding there keeps TSan's view of the program), and
// otherwise the next definition after the program's, libc's, found once with
// dlsym (dlvsym with `version` where glibc keeps several, e.g. the
// pthread_cond_* of GLIBC_2.3.2). The cache is a constant-initialized
// atomic, so resolving needs no static-initialization guard (whose futex
// would come back here). A missing function is a fatal error with its name.
#pragma once

#include <atomic>

namespace racelab::detail::intercept {
void* find_real(const char* name, const char* version) noexcept;
}  // namespace racelab::detail::intercept

#define RACELAB_REAL_FUNCTION(name, version)                                         \
  extern "C" decltype(::name) __interceptor_##name __attribute__((weak));            \
  namespace {                                                                        \
  decltype(&::name) real_##name() noexcept {                                         \
    static std::atomic<void*> cached{nullptr};                                       \
    void* f = cached.load(std::memory_order_relaxed);                                \
    if (f == nullptr) [[unlikely]] {                                                 \
      decltype(&::name) tsan = &__interceptor_##name;                                \
      f = tsan != nullptr ? reinterpret_cast<void*>(tsan)                            \
                          : ::racelab::detail::intercept::find_real(#name, version); \
      cached.store(f, std::memory_order_relaxed);                                    \
    }                                                                                \
    return reinterpret_cast<decltype(&::name)>(f);                                   \
  }                                                                                  \
  }
