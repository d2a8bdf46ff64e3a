// refcount: a shared object whose reference count is decremented relaxed.
//
// Each owner uses the object (its last use is a store to the object) and then
// drops its reference; the owner that drops the last one destroys the
// object, which must come after every other owner's use. With a relaxed
// decrement the destroyer has no happens-before edge from the other owners'
// uses: it can see them unfinished (in real code: free memory another thread
// is still writing). acq_rel on the decrement, or release on it and an
// acquire fence before destroying (what std::shared_ptr does), makes every
// earlier owner's use happen before the destruction.
#include "../specimens.hpp"

namespace racelab::specimens {
namespace {

enum class decrement { relaxed, acq_rel, release_then_fence };

void shared_object(const workload& w, decrement how) {
  racelab::atomic<bool> used[2] = {{false, "object.used0"}, {false, "object.used1"}};
  racelab::atomic<int> refs{2, "refs"};
  run_workers(w, 2, [&](int me) {
    used[me].store(true, std::memory_order_relaxed);  // this owner's last use of the object
    const std::memory_order order = how == decrement::relaxed   ? std::memory_order_relaxed
                                    : how == decrement::acq_rel ? std::memory_order_acq_rel
                                                                : std::memory_order_release;
    if (refs.fetch_sub(1, order) == 1) {
      if (how == decrement::release_then_fence)
        racelab::atomic_thread_fence(std::memory_order_acquire);
      // Destroying: every owner must be done with it.
      racelab::check(
          used[0].load(std::memory_order_relaxed) && used[1].load(std::memory_order_relaxed),
          "the object is destroyed after every owner's use of it");
    }
  });
}

}  // namespace

specimen refcount() {
  specimen s;
  s.name = "refcount";
  s.summary = "a reference count decremented relaxed, so the last owner frees too early";
  s.invariant = "the object is destroyed after every owner's use of it";
  s.explanation =
      "A relaxed decrement is atomic, so exactly one owner sees the count reach zero, but it "
      "orders nothing: the other owner's use of the object need not be visible to the one that "
      "destroys it (in real code, freed memory still being written). Every access is atomic, "
      "so ThreadSanitizer is silent; only the C++ memory model shows it. A release decrement "
      "publishes each owner's use; the destroyer acquires them all through the release "
      "sequence, with acq_rel on its own decrement or an acquire fence after it.";
  s.proof_workload = {2, 1};

  s.variants = {
      memory_order_bug("relaxed", [](const workload& w) { shared_object(w, decrement::relaxed); }),
      memory_order_fix("acq_rel", [](const workload& w) { shared_object(w, decrement::acq_rel); }),
      memory_order_fix("release_then_fence",
                       [](const workload& w) { shared_object(w, decrement::release_then_fence); }),
  };
  return s;
}

}  // namespace racelab::specimens
