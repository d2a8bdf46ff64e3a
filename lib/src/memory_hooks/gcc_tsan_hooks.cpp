// GCC's memory-access hooks (memory_point.hpp).
//
// GCC has no -fsanitize-coverage=trace-loads/trace-stores, but its
// ThreadSanitizer instrumentation calls a function before every plain load
// and store (__tsan_readN/__tsan_writeN) and for every atomic operation
// (__tsan_atomicN_*), read-modify-writes included. racelab_instrument
// compiles the target with -fsanitize=thread but does not link the TSan
// runtime: these definitions take its place. Each access of a managed
// thread outside its own stack is a scheduling point (memory_point()),
// then the operation itself is done here, atomics with seq_cst (what
// racelab's sequentially consistent exploration assumes anyway). Outside
// explorations an access costs a thread-local load and a call.
// Only for programs without the TSan runtime: racelab::memory_hooks has this
// file for GCC builds without RACELAB_SANITIZER=thread.
#include <cstddef>
#include <cstdint>

#include "memory_point.hpp"

namespace {
void memory_point(const void* address, bool write, const void* pc) {
  racelab::detail::memory_hooks::point(address, write, pc);
}
}  // namespace

#define RACELAB_PC __builtin_return_address(0)

extern "C" {

void __tsan_init() {}
void __tsan_func_entry(void*) {}
void __tsan_func_exit() {}
void __tsan_vptr_update(void**, void*) {}
void __tsan_vptr_read(void**) {}

#define RACELAB_PLAIN(n)                    \
  void __tsan_read##n(void* p) {            \
    memory_point(p, false, RACELAB_PC);     \
  }                                         \
  void __tsan_write##n(void* p) {           \
    memory_point(p, true, RACELAB_PC);      \
  }                                         \
  void __tsan_unaligned_read##n(void* p) {  \
    memory_point(p, false, RACELAB_PC);     \
  }                                         \
  void __tsan_unaligned_write##n(void* p) { \
    memory_point(p, true, RACELAB_PC);      \
  }
RACELAB_PLAIN(1)
RACELAB_PLAIN(2)
RACELAB_PLAIN(4)
RACELAB_PLAIN(8)
RACELAB_PLAIN(16)
#undef RACELAB_PLAIN

void __tsan_read_range(void* p, std::size_t) {
  memory_point(p, false, RACELAB_PC);
}
void __tsan_write_range(void* p, std::size_t) {
  memory_point(p, true, RACELAB_PC);
}

void __tsan_atomic_thread_fence(int) {
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
}
void __tsan_atomic_signal_fence(int) {
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
}

#define RACELAB_ATOMICS(bits, type)                                                                \
  type __tsan_atomic##bits##_load(const volatile type* a, int) {                                   \
    memory_point(const_cast<const type*>(a), false, RACELAB_PC);                                   \
    return __atomic_load_n(a, __ATOMIC_SEQ_CST);                                                   \
  }                                                                                                \
  void __tsan_atomic##bits##_store(volatile type* a, type v, int) {                                \
    memory_point(const_cast<const type*>(a), true, RACELAB_PC);                                    \
    __atomic_store_n(a, v, __ATOMIC_SEQ_CST);                                                      \
  }                                                                                                \
  type __tsan_atomic##bits##_exchange(volatile type* a, type v, int) {                             \
    memory_point(const_cast<const type*>(a), true, RACELAB_PC);                                    \
    return __atomic_exchange_n(a, v, __ATOMIC_SEQ_CST);                                            \
  }                                                                                                \
  type __tsan_atomic##bits##_fetch_add(volatile type* a, type v, int) {                            \
    memory_point(const_cast<const type*>(a), true, RACELAB_PC);                                    \
    return __atomic_fetch_add(a, v, __ATOMIC_SEQ_CST);                                             \
  }                                                                                                \
  type __tsan_atomic##bits##_fetch_sub(volatile type* a, type v, int) {                            \
    memory_point(const_cast<const type*>(a), true, RACELAB_PC);                                    \
    return __atomic_fetch_sub(a, v, __ATOMIC_SEQ_CST);                                             \
  }                                                                                                \
  type __tsan_atomic##bits##_fetch_and(volatile type* a, type v, int) {                            \
    memory_point(const_cast<const type*>(a), true, RACELAB_PC);                                    \
    return __atomic_fetch_and(a, v, __ATOMIC_SEQ_CST);                                             \
  }                                                                                                \
  type __tsan_atomic##bits##_fetch_or(volatile type* a, type v, int) {                             \
    memory_point(const_cast<const type*>(a), true, RACELAB_PC);                                    \
    return __atomic_fetch_or(a, v, __ATOMIC_SEQ_CST);                                              \
  }                                                                                                \
  type __tsan_atomic##bits##_fetch_xor(volatile type* a, type v, int) {                            \
    memory_point(const_cast<const type*>(a), true, RACELAB_PC);                                    \
    return __atomic_fetch_xor(a, v, __ATOMIC_SEQ_CST);                                             \
  }                                                                                                \
  type __tsan_atomic##bits##_fetch_nand(volatile type* a, type v, int) {                           \
    memory_point(const_cast<const type*>(a), true, RACELAB_PC);                                    \
    return __atomic_fetch_nand(a, v, __ATOMIC_SEQ_CST);                                            \
  }                                                                                                \
  int __tsan_atomic##bits##_compare_exchange_strong(volatile type* a, type* c, type v, int, int) { \
    memory_point(const_cast<const type*>(a), true, RACELAB_PC);                                    \
    return __atomic_compare_exchange_n(a, c, v, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);        \
  }                                                                                                \
  int __tsan_atomic##bits##_compare_exchange_weak(volatile type* a, type* c, type v, int, int) {   \
    memory_point(const_cast<const type*>(a), true, RACELAB_PC);                                    \
    return __atomic_compare_exchange_n(a, c, v, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);        \
  }                                                                                                \
  type __tsan_atomic##bits##_compare_exchange_val(volatile type* a, type c, type v, int, int) {    \
    memory_point(const_cast<const type*>(a), true, RACELAB_PC);                                    \
    __atomic_compare_exchange_n(a, &c, v, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);              \
    return c;                                                                                      \
  }
RACELAB_ATOMICS(8, std::uint8_t)
RACELAB_ATOMICS(16, std::uint16_t)
RACELAB_ATOMICS(32, std::uint32_t)
RACELAB_ATOMICS(64, std::uint64_t)
__extension__ typedef unsigned __int128 racelab_u128;
RACELAB_ATOMICS(128, racelab_u128)
#undef RACELAB_ATOMICS

}  // extern "C"
