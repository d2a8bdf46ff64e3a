// The entry points racelab's primitives call while their thread is managed.
//
// Each one runs the scheduler's part inside a tsan::invisible_scope and then,
// outside it, tells ThreadSanitizer about the program's own synchronization
// (mutex lock/unlock, thread start/join) exactly when the modelled operation
// took effect. A managed thread always calls the runtime it belongs to (its
// record's owner), never whichever exploration is active now: a thread left
// behind by an abandoned schedule parks there instead of driving another.
// In a perturb run the primitive does the real std operation and these only
// inject the delay (perturber).
#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>

#include "born_atomics.hpp"
#include "perturber.hpp"
#include "scheduler.hpp"
#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {

thread_local constinit thread_record* tls_thread [[gnu::tls_model("initial-exec")]] = nullptr;
std::atomic<bool> g_exploring{false};

namespace {

thread_record& self() {
  return *tls_thread;
}
scheduler& sched() {
  return *tls_thread->owner;
}
perturber* perturbing() {
  return tls_thread->perturb;
}
bool is_mutex(object_tag tag) {
  return tag.kind == object_kind::mutex || tag.kind == object_kind::recursive_mutex;
}

}  // namespace

void unmanaged_use(const void* object, const char* what, source_location loc) noexcept {
  tsan::invisible_scope quiet;
  if (scheduler* s = active_scheduler()) s->unmanaged_use(object, what, loc);
}

void object_created(const void* object, object_tag tag, source_location loc) {
  if (is_mutex(tag)) tsan::mutex_create(object, tag.kind == object_kind::recursive_mutex);
  if (perturbing() != nullptr) return;
  tsan::invisible_scope quiet;
  sched().object_created(self(), object, tag, loc);
}

void object_destroyed(const void* object, object_tag tag) {
  if (perturber* p = perturbing()) {
    p->object_destroyed(object);
  } else {
    tsan::invisible_scope quiet;
    sched().object_destroyed(self(), object, tag);
  }
  if (is_mutex(tag)) tsan::mutex_destroy(object);
}

mode mutex_lock(const void* m, object_tag tag, source_location loc) {
  if (perturber* p = perturbing()) {
    p->before_lock(self(), m, tag, loc);
    return mode::real;
  }
  {
    tsan::invisible_scope quiet;
    sched().lock(self(), m, tag, loc);
  }
  tsan::mutex_lock(m, false, true, 0);
  return mode::modelled;
}

int mutex_try_lock(const void* m, object_tag tag, source_location loc) {
  if (perturber* p = perturbing()) {
    p->delay(self());
    return -1;
  }
  bool got = false;
  {
    tsan::invisible_scope quiet;
    got = sched().try_lock(self(), m, tag, loc);
  }
  tsan::mutex_lock(m, true, got, 0);
  return got ? 1 : 0;
}

mode mutex_unlock(const void* m, object_tag tag, source_location loc) {
  if (perturber* p = perturbing()) {
    p->before_unlock(self(), m);
    return mode::real;
  }
  bool released = false;
  {
    tsan::invisible_scope quiet;
    released = sched().unlock(self(), m, tag, loc);
  }
  if (released) tsan::mutex_unlock(m);
  return mode::modelled;
}

namespace {

mode wait_on(const void* cv, object_tag tag, const void* m, object_tag mtag, bool timed,
             bool& timed_out, source_location loc) {
  if (perturber* p = perturbing()) {
    p->delay(self());
    return mode::real;
  }
  bool waiting = false;
  {
    tsan::invisible_scope quiet;
    waiting = sched().wait(self(), cv, tag, m, mtag, timed, loc);
  }
  if (!waiting) return mode::modelled;
  tsan::mutex_unlock(m);
  {
    tsan::invisible_scope quiet;
    timed_out = sched().relock_after_wait(self(), cv, m, loc);
  }
  tsan::mutex_lock(m, false, true, 0);
  return mode::modelled;
}

}  // namespace

mode cv_wait(const void* cv, object_tag tag, const void* m, object_tag mtag, source_location loc) {
  bool timed_out = false;
  return wait_on(cv, tag, m, mtag, false, timed_out, loc);
}

mode cv_wait_timed(const void* cv, object_tag tag, const void* m, object_tag mtag, bool& timed_out,
                   source_location loc) {
  timed_out = false;
  return wait_on(cv, tag, m, mtag, true, timed_out, loc);
}

mode cv_notify(const void* cv, object_tag tag, bool all, source_location loc) {
  if (perturber* p = perturbing()) {
    p->delay(self());
    return mode::real;
  }
  tsan::invisible_scope quiet;
  sched().notify(self(), cv, tag, all, loc);
  return mode::modelled;
}

bool atomic_before(const void* object, bool write, std::memory_order order, source_location loc) {
  if (perturber* p = perturbing()) {
    p->delay(self());
    return false;
  }
  tsan::invisible_scope quiet;
  scheduler& s = sched();
  s.atomic_before(self(), object, write, order, loc);
  return s.weak_memory();
}

void atomic_created(const void* object, value_text initial) noexcept {
  if (perturbing() != nullptr) return;
  tsan::invisible_scope quiet;
  sched().atomic_created(self(), object, initial);
}

bool cas_fails_spuriously(const void*) noexcept {
  if (perturbing() != nullptr) return false;
  tsan::invisible_scope quiet;
  return sched().cas_fails_spuriously(self());
}

void atomic_destroyed(const void* object) noexcept {
  tsan::invisible_scope quiet;
  born_atomics::died(object);
}

bool weak_memory() noexcept {
  return controlled() && perturbing() == nullptr && sched().weak_memory();
}

void tsan_hide_begin() noexcept {
  tsan::enter_invisible();
}
void tsan_hide_end() noexcept {
  tsan::leave_invisible();
}

void atomic_load_choice(const void* object, std::memory_order order, void* value,
                        std::size_t size) noexcept {
  tsan::invisible_scope quiet;
  sched().atomic_load_choice(self(), object, order, value, size);
}

bool atomic_stored(const void* object, std::memory_order order, const void* previous,
                   const void* value, std::size_t size, bool rmw, void* keep) noexcept {
  tsan::invisible_scope quiet;
  return sched().atomic_stored(self(), object, order, previous, value, size, rmw, keep);
}

void atomic_fence(std::memory_order order) noexcept {
  if (!controlled() || perturbing() != nullptr) return;
  tsan::invisible_scope quiet;
  sched().atomic_fence(self(), order);
}

void atomic_after(const atomic_access& access, source_location loc) {
  if (perturbing() != nullptr) return;
  tsan::invisible_scope quiet;
  sched().atomic_after(self(), access, loc);
}

thread_record* spawn(std::unique_ptr<thread_body> fn, source_location loc) {
  if (perturber* p = perturbing()) return p->spawn(self(), std::move(fn));
  thread_record* t = nullptr;
  {
    tsan::invisible_scope quiet;
    t = sched().spawn(self(), std::move(fn), loc);
  }
  if (t != nullptr) tsan::release(&t->start_token);
  return t;
}

void join(thread_record* t, source_location loc) {
  if (perturber* p = perturbing()) {
    p->join(self(), t);
    return;
  }
  {
    tsan::invisible_scope quiet;
    if (!sched().join(self(), t, loc)) return;
  }
  tsan::acquire(&t->finish_token);
}

void detach(thread_record* t, source_location loc) {
  if (perturber* p = perturbing()) {
    p->detach(self(), t);
    return;
  }
  tsan::invisible_scope quiet;
  sched().detach(self(), t, loc);
}

void destroyed_joinable(thread_record* t) {
  if (!controlled()) std::terminate();  // as std::thread
  if (perturber* p = perturbing()) {
    p->detach(self(), t);
    return;
  }
  tsan::invisible_scope quiet;
  sched().destroyed_joinable(self(), t);
}

int thread_number(const thread_record* t) noexcept {
  return t->number;
}

std::thread::id thread_id(const thread_record* t) noexcept {
  return t->context ? t->context->id() : std::thread::id{};
}

std::thread::native_handle_type thread_native_handle(const thread_record* t) noexcept {
  return t->context ? t->context->native_handle() : std::thread::native_handle_type{};
}

namespace {
std::atomic<std::uint64_t> g_schedule_serial{0};
}  // namespace

std::uint64_t schedule_serial() noexcept {
  return g_schedule_serial.load(std::memory_order_relaxed);
}
void next_schedule_serial() noexcept {
  g_schedule_serial.fetch_add(1, std::memory_order_relaxed);
}

void yield_point(source_location loc) {
  if (perturber* p = perturbing()) {
    p->delay(self());
    return;
  }
  tsan::invisible_scope quiet;
  sched().yield(self(), loc);
}

void assertion_failed(const std::string& what, source_location loc) {
  if (tls_thread == nullptr || tls_thread->owner == nullptr) return;
  tsan::invisible_scope quiet;
  sched().assertion_failed(self(), what, loc);
}

void check_failed(const char* what, source_location loc) {
  if (perturber* p = perturbing()) p->check_failed(self(), what, loc);
  tsan::invisible_scope quiet;
  sched().check_failed(self(), what, loc);
}

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
