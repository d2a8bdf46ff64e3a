// The TSan runtime's atomic entry points, wrapped (ThreadSanitizer builds).
//
// racelab_instrument links a target of a TSan build with
// -Wl,--wrap=__tsan_atomicN_<op> for each entry point below: the linker sends
// the program's calls to __wrap_X, which reports the operation to
// racelab::intercept (intercept/atomic_points.hpp: a scheduling point, and
// the fence synchronization TSan does not model) around the runtime's own
// __real_X. The intercept functions are referenced weakly, as in
// memory_point.hpp, so a program not linked with racelab still runs.
#include <sanitizer/tsan_interface_atomic.h>

namespace racelab::detail::intercept {
enum class atomic_kind { load, store, rmw };
[[gnu::weak]] void atomic_point(const volatile void* address, atomic_kind kind, int order,
                                const void* pc);
[[gnu::weak]] void atomic_done(const volatile void* address, atomic_kind kind, int order,
                               bool wrote, const void* pc);
[[gnu::weak]] void fence(int order, const void* pc);
}  // namespace racelab::detail::intercept

namespace {

using racelab::detail::intercept::atomic_kind;

inline void before(const volatile void* a, atomic_kind kind, int mo, const void* pc) {
  if (&racelab::detail::intercept::atomic_point != nullptr)
    racelab::detail::intercept::atomic_point(a, kind, mo, pc);
}
inline void after(const volatile void* a, atomic_kind kind, int mo, bool wrote, const void* pc) {
  if (&racelab::detail::intercept::atomic_done != nullptr)
    racelab::detail::intercept::atomic_done(a, kind, mo, wrote, pc);
}

}  // namespace

extern "C" {

#define RACELAB_WRAP_RMW(T, bits, op)                                               \
  T __real___tsan_atomic##bits##_##op(volatile T* a, T v, __tsan_memory_order mo);  \
  T __wrap___tsan_atomic##bits##_##op(volatile T* a, T v, __tsan_memory_order mo) { \
    const void* pc = __builtin_return_address(0);                                   \
    before(a, atomic_kind::rmw, mo, pc);                                            \
    const T old = __real___tsan_atomic##bits##_##op(a, v, mo);                      \
    after(a, atomic_kind::rmw, mo, true, pc);                                       \
    return old;                                                                     \
  }

#define RACELAB_WRAP_SIZE(T, bits)                                                          \
  T __real___tsan_atomic##bits##_load(const volatile T* a, __tsan_memory_order mo);         \
  T __wrap___tsan_atomic##bits##_load(const volatile T* a, __tsan_memory_order mo) {        \
    const void* pc = __builtin_return_address(0);                                           \
    before(a, atomic_kind::load, mo, pc);                                                   \
    const T v = __real___tsan_atomic##bits##_load(a, mo);                                   \
    after(a, atomic_kind::load, mo, false, pc);                                             \
    return v;                                                                               \
  }                                                                                         \
  void __real___tsan_atomic##bits##_store(volatile T* a, T v, __tsan_memory_order mo);      \
  void __wrap___tsan_atomic##bits##_store(volatile T* a, T v, __tsan_memory_order mo) {     \
    const void* pc = __builtin_return_address(0);                                           \
    before(a, atomic_kind::store, mo, pc);                                                  \
    __real___tsan_atomic##bits##_store(a, v, mo);                                           \
    after(a, atomic_kind::store, mo, true, pc);                                             \
  }                                                                                         \
  RACELAB_WRAP_RMW(T, bits, exchange)                                                       \
  RACELAB_WRAP_RMW(T, bits, fetch_add)                                                      \
  RACELAB_WRAP_RMW(T, bits, fetch_sub)                                                      \
  RACELAB_WRAP_RMW(T, bits, fetch_and)                                                      \
  RACELAB_WRAP_RMW(T, bits, fetch_or)                                                       \
  RACELAB_WRAP_RMW(T, bits, fetch_xor)                                                      \
  RACELAB_WRAP_RMW(T, bits, fetch_nand)                                                     \
  int __real___tsan_atomic##bits##_compare_exchange_strong(                                 \
      volatile T* a, T* c, T v, __tsan_memory_order mo, __tsan_memory_order fail);          \
  int __wrap___tsan_atomic##bits##_compare_exchange_strong(                                 \
      volatile T* a, T* c, T v, __tsan_memory_order mo, __tsan_memory_order fail) {         \
    const void* pc = __builtin_return_address(0);                                           \
    before(a, atomic_kind::rmw, mo, pc);                                                    \
    const int ok = __real___tsan_atomic##bits##_compare_exchange_strong(a, c, v, mo, fail); \
    after(a, atomic_kind::rmw, ok ? mo : fail, ok != 0, pc);                                \
    return ok;                                                                              \
  }                                                                                         \
  int __real___tsan_atomic##bits##_compare_exchange_weak(                                   \
      volatile T* a, T* c, T v, __tsan_memory_order mo, __tsan_memory_order fail);          \
  int __wrap___tsan_atomic##bits##_compare_exchange_weak(                                   \
      volatile T* a, T* c, T v, __tsan_memory_order mo, __tsan_memory_order fail) {         \
    const void* pc = __builtin_return_address(0);                                           \
    before(a, atomic_kind::rmw, mo, pc);                                                    \
    const int ok = __real___tsan_atomic##bits##_compare_exchange_weak(a, c, v, mo, fail);   \
    after(a, atomic_kind::rmw, ok ? mo : fail, ok != 0, pc);                                \
    return ok;                                                                              \
  }                                                                                         \
  T __real___tsan_atomic##bits##_compare_exchange_val(                                      \
      volatile T* a, T c, T v, __tsan_memory_order mo, __tsan_memory_order fail);           \
  T __wrap___tsan_atomic##bits##_compare_exchange_val(                                      \
      volatile T* a, T c, T v, __tsan_memory_order mo, __tsan_memory_order fail) {          \
    const void* pc = __builtin_return_address(0);                                           \
    before(a, atomic_kind::rmw, mo, pc);                                                    \
    const T old = __real___tsan_atomic##bits##_compare_exchange_val(a, c, v, mo, fail);     \
    after(a, atomic_kind::rmw, old == c ? mo : fail, old == c, pc);                         \
    return old;                                                                             \
  }

RACELAB_WRAP_SIZE(__tsan_atomic8, 8)
RACELAB_WRAP_SIZE(__tsan_atomic16, 16)
RACELAB_WRAP_SIZE(__tsan_atomic32, 32)
RACELAB_WRAP_SIZE(__tsan_atomic64, 64)
#undef RACELAB_WRAP_SIZE
#undef RACELAB_WRAP_RMW

void __real___tsan_atomic_thread_fence(__tsan_memory_order mo);
void __wrap___tsan_atomic_thread_fence(__tsan_memory_order mo) {
  __real___tsan_atomic_thread_fence(mo);
  if (&racelab::detail::intercept::fence != nullptr)
    racelab::detail::intercept::fence(mo, __builtin_return_address(0));
}

}  // extern "C"
