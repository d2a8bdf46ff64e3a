// The scheduler's side of the C++ memory model (memory_model.hpp): which
// store a load reads and where a store goes in modification order are
// choices of the strategy; non-atomic synchronization is passed on to the
// model; the model's happens-before edges go to ThreadSanitizer. Callers
// hold a tsan::invisible_scope; nothing here runs unless weak_memory().
#include <algorithm>
#include <cstring>

#include "scheduler.hpp"
#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {
namespace {

// Whether an operation of this kind synchronizes (memory_model.hpp: a mutex's
// lock and unlock as acquire and release, anything else as a full fence):
// everything but atomics, plain accesses, yields, sleeps and checks.
bool synchronizes(op_kind kind) {
  switch (kind) {
    case op_kind::atomic:
    case op_kind::read:
    case op_kind::write:
    case op_kind::yield:
    case op_kind::sleep:
    case op_kind::check:
      return false;
    default:
      return true;
  }
}

}  // namespace

void scheduler::connect_memory_model() {
  // The memory model's happens-before edges go to ThreadSanitizer, told by
  // the managed thread itself from inside its invisible_scope.
  if (!tsan::enabled) return;
  model_.set_sink({[](const void* token) {
                     tsan::visible_region told;
                     tsan::release(token);
                   },
                   [](const void* token) {
                     tsan::visible_region told;
                     tsan::acquire(token);
                   }});
}

void scheduler::model_synchronizes(thread_record& self, op_kind kind, const void* object) {
  const object_state* o = find_object(object);
  const bool mutex =
      o != nullptr && (o->kind == object_kind::mutex || o->kind == object_kind::recursive_mutex);
  if (mutex && (kind == op_kind::lock || kind == op_kind::try_lock)) {
    model_.lock(self.number, object);
  } else if (mutex && kind == op_kind::unlock) {
    model_.unlock(self.number, object);
  } else if (synchronizes(kind)) {
    model_.synchronize(self.number);
  }
}

void scheduler::atomic_load_choice(thread_record& self, const void* object, std::memory_order order,
                                   void* value, std::size_t size) {
  guard g(lock_);
  if (abandoned_) park(g, self);
  if (!weak_memory() || failed()) return;
  const int count = model_.readable(self.number, object, order, value, size);
  const int answer = count > 1 ? choose_answer(count) : 0;
  int newest_step = 0;
  const memory_model::entry& e = model_.read(self.number, object, order, answer, newest_step);
  if (answer > 0) {
    std::memcpy(value, e.bytes.data(), std::min(size, e.bytes.size()));
    self.stale_of_step = newest_step;
  }
}

bool scheduler::atomic_stored(thread_record& self, const void* object, std::memory_order order,
                              const void* previous, const void* value, std::size_t size, bool rmw,
                              void* keep) {
  guard g(lock_);
  if (abandoned_) park(g, self);
  if (!weak_memory() || failed()) return false;
  const int step = static_cast<int>(trace_.steps.size()) + 1;  // the step atomic_after records
  if (rmw) {
    model_.read_modify_write(self.number, object, order, previous, value, size, step);
    return false;
  }
  const int places = model_.placeable(self.number, object, order, previous, size);
  const int answer = places > 1 ? choose_answer(places) : 0;
  const memory_model::entry* last =
      model_.store(self.number, object, order, value, size, answer, step);
  if (last == nullptr) return false;
  std::memcpy(keep, last->bytes.data(), std::min(size, last->bytes.size()));
  return true;
}

void scheduler::atomic_fence(thread_record& self, std::memory_order order) {
  guard g(lock_);
  if (abandoned_) park(g, self);
  if (!weak_memory() || failed()) return;
  if (order == std::memory_order_seq_cst) {
    // It joins the global view both ways, so where it falls among the
    // other threads' seq_cst operations matters: a step of its own (dpor
    // orders it against them; step_access.hpp).
    self.pending_write = true;
    self.pending_order = order;
    point(g, self, op_kind::atomic, nullptr, {});
    if (failed()) return;
  }
  model_.fence(self.number, order);
}

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
