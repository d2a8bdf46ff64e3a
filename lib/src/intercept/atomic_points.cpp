// Atomic operations and fences of ThreadSanitizer builds (see atomic_points.hpp).
#include "atomic_points.hpp"

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "intercept.hpp"
#include "location_text.hpp"

namespace racelab::detail::intercept {
namespace {

constexpr int kRelaxed = 0, kConsume = 1, kAcquire = 2, kRelease = 3, kAcqRel = 4, kSeqCst = 5;

bool acquires(int order) {
  return order == kConsume || order == kAcquire || order == kAcqRel || order == kSeqCst;
}
bool releases(int order) {
  return order == kRelease || order == kAcqRel || order == kSeqCst;
}

using token = const char*;

struct thread_fences {
  token release_fence = nullptr;  // the thread's latest release fence
  std::vector<token> pending;     // read by relaxed loads, for its next acquire fence
};

// One schedule's state. Tokens are bytes of chunks freed with the state, and
// TSan forgets the synchronization on freed memory.
struct schedule_state {
  std::uint64_t serial = 0;
  std::vector<std::unique_ptr<char[]>> chunks;
  std::size_t used = 0;
  std::unordered_map<const volatile void*, std::vector<token>> locations;
  std::unordered_map<const thread_record*, thread_fences> threads;

  token new_token() {
    constexpr std::size_t kChunk = 4096;
    if (chunks.empty() || used == kChunk) {
      chunks.push_back(std::make_unique<char[]>(kChunk));
      used = 0;
    }
    return chunks.back().get() + used++;
  }
};

schedule_state& state() {
  static auto* s = new schedule_state();  // lives as long as the process
  const std::uint64_t serial = schedule_serial();
  if (s->serial != serial) {
    *s = schedule_state();
    s->serial = serial;
  }
  return *s;
}

// The program's own synchronization, told to TSan from inside racelab's
// runtime: only the annotation itself is visible (racelab's bookkeeping
// around it stays invisible).
void acquire(token k) {
  tsan::visible_region visible;
  tsan::acquire(k);
}
void release(token k) {
  tsan::visible_region visible;
  tsan::release(k);
}

// Who calls, from where: the calling managed thread, or null (outside
// explorations, racelab's own runtime, or racelab's own sources), and the
// origin of the calling code. Each atomic operation asks twice (before and
// after) with the same pc, so the last answer is kept per thread: one
// (cached, locked) lookup per operation.
struct call_site {
  thread_record* self = nullptr;
  code_origin origin = code_origin::program;
};
call_site classify(const void* pc) {
  call_site c;
  c.self = managed_thread();
  if (c.self == nullptr) return c;
  thread_local const void* last_pc = nullptr;
  thread_local code_origin last_origin = code_origin::program;
  if (pc != last_pc) {
    tsan::invisible_scope quiet;
    last_origin = origin_of(pc);
    last_pc = pc;
  }
  c.origin = last_origin;
  if (c.origin == code_origin::racelab_internal) c.self = nullptr;
  // The program's own atomics are unmodified code, which fibers cannot run
  // faithfully; racelab::atomic's (its header) run there as on threads.
  if (c.origin == code_origin::program && c.self->on_fiber) [[unlikely]]
    unmodified_code_on_fiber(*c.self, pc);
  return c;
}

}  // namespace

void atomic_point(const volatile void* address, atomic_kind kind, int, const void* pc) {
  const call_site c = classify(pc);
  // racelab::atomic made its own point; libstdc++'s atomic wait spins on
  // the value before its futex wait (the point), and as points its loads
  // would let fairness hide a missed notify.
  if (c.self == nullptr || c.origin == code_origin::racelab_header) return;
  {
    tsan::invisible_scope quiet;
    if (in_std_atomic_wait_code(pc)) return;
  }
  as_runtime(*c.self, [&](scheduler& s, thread_record& t) {
    const void* a = const_cast<const void*>(address);
    s.memory_access(t, a, kind != atomic_kind::load, data_name(a), caller(pc));
  });
}

void atomic_done(const volatile void* address, atomic_kind kind, int order, bool wrote,
                 const void* pc) {
  thread_record* self = classify(pc).self;
  if (self == nullptr) return;
  as_runtime(*self, [&](scheduler&, thread_record& t) {
    schedule_state& s = state();
    thread_fences& mine = s.threads[&t];
    std::vector<token>& held = s.locations[address];
    if (kind != atomic_kind::store) {  // it read the value `held` describes
      if (acquires(order)) {
        for (token k : held)
          acquire(k);
      } else {
        mine.pending.insert(mine.pending.end(), held.begin(), held.end());
      }
    }
    if (wrote) {
      if (kind == atomic_kind::store) held.clear();  // an RMW continues the release sequence
      if (mine.release_fence != nullptr) held.push_back(mine.release_fence);
      if (releases(order)) {
        const token own = s.new_token();
        release(own);
        held.push_back(own);
      }
    }
  });
}

void fence(int order, const void* pc) {
  const call_site c = classify(pc);
  if (c.self == nullptr || order == kRelaxed) return;
  as_runtime(*c.self, [&](scheduler&, thread_record& t) {
    schedule_state& s = state();
    thread_fences& mine = s.threads[&t];
    if (acquires(order)) {
      for (token k : mine.pending)
        acquire(k);
      mine.pending.clear();
    }
    if (releases(order)) {
      mine.release_fence = s.new_token();
      release(mine.release_fence);
    }
  });
  // The memory model's meaning of the fence, for racelab::atomic under
  // MemoryModel::rc11 (racelab::atomic_thread_fence tells the model itself).
  if (c.origin != code_origin::racelab_header) atomic_fence(static_cast<std::memory_order>(order));
}

}  // namespace racelab::detail::intercept
