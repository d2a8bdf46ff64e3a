// The C++ memory model for racelab::atomic: which store each load may read
// (internal).
//
// Model: RC11, the repaired C11 model of Lahav, Vafeiadis, Kang, Hur and
// Dreyer ("Repairing Sequential Consistency in C/C++11", PLDI 2017), in the
// operational, view-based form tools such as CDSChecker's successors use,
// with these choices:
//  - Each location has a modification order (mo): its first value, then
//    every store and read-modify-write. A store may take any place in mo
//    after what its thread has seen of the location (coherence: CoWW, CoRW)
//    and not between a read-modify-write and the entry it read (atomicity);
//    which place is a choice of the strategy (0, the default, is last), so
//    2+2W's weak outcome appears. A read-modify-write reads the last entry
//    and goes right after it. Loads read existing entries only (no
//    promises), so the load-buffering outcome that RC11 forbids (a cycle of
//    program order and reads-from) never appears, nor does out-of-thin-air.
//  - Each thread has a view: per location, the oldest mo entry it may still
//    read. A load reads any entry from its view on (coherence: CoRR, CoWR,
//    and nothing older than a store that happens before it); which one is a
//    choice of the strategy (0, the default answer, is the latest). Reading
//    or writing entry i raises the thread's view of the location to i.
//  - A release store carries its thread's view as its message; a relaxed
//    store after a release fence carries the view the thread had at the
//    fence. An acquire load joins the message of the entry it reads into its
//    view; a relaxed load keeps it for the thread's next acquire fence. A
//    read-modify-write reads the latest entry (atomicity) and passes the
//    message it read on (release sequences). consume is treated as acquire.
//  - seq_cst operations and seq_cst fences join the thread's view with one
//    global view, both ways, in the order the schedule runs them (that order
//    is the total order S): store buffering and IRIW with seq_cst are
//    sequentially consistent.
//  - A mutex has a view: unlock releases the thread's view into it, lock
//    and try_lock acquire it (and the global view below), as C++ says: a
//    lock is an acquire operation on the mutex, an unlock a release, neither
//    a fence (store buffering across two different mutexes keeps its weak
//    outcome).
//  - Every other synchronization that is not an atomic operation (condition
//    variable waits and wake-ups, thread start, finish and join, shared
//    locks, the events of racelab::intercept) acts as a full fence: it
//    acquires the global view and every mutex's view and releases into the
//    global view. That is stronger than C++: it can hide a weak behaviour of
//    code mixing these with relaxed atomics, never invent one (whatever
//    such an operation releases reaches every later lock, wait and join).
//  - Fairness on reads: a thread reads an old entry of a location at most
//    kStaleReadsInARow times in a row; then it reads the latest, so
//    `while (!flag.load(acquire))` ends.
// ThreadSanitizer is told exactly the happens-before edges of the reads-from
// choices, through a happens_before_sink (set only in TSan builds): racelab::
// atomic performs its real operation hidden from TSan (TSan would see the
// real location's latest store, not the one the model chose) and each entry
// carries `clocks`, TSan sync tokens whose released clocks together are what
// the entry publishes in happens-before terms (C++ synchronizes-with, not the
// stronger views above): a release store releases a fresh token; a relaxed
// store carries the token of its thread's last release fence; a
// read-modify-write passes on the tokens of the entry it read (release
// sequences) and adds its own; an acquire load acquires the tokens of the
// entry it read, a relaxed load keeps them for its thread's next acquire
// fence. So a plain access published through a relaxed store stays a data
// race for TSan, and one published through a release store read by an
// acquire load is not, even when the load read an older store. Tokens are
// heap cells freed at reset(): freeing memory makes TSan forget its sync
// clocks, so a token never carries a clock from an earlier schedule.
//
// Fences: racelab::atomic_thread_fence, and std::atomic_thread_fence of
// code built with racelab_instrument in ThreadSanitizer builds
// (intercept/atomic_points.hpp); a std fence elsewhere is not seen.
//
// Not modelled: std::atomic of code seen through racelab::intercept (its
// operations stay sequentially consistent), mixed-size accesses.
//
// Thread safety: none; the scheduler calls it under its lock, one managed
// thread at a time. Per schedule: reset() forgets everything.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

namespace racelab::detail {

class memory_model {
 public:
  static constexpr int kStaleReadsInARow = 2;

  // Where the happens-before edges of the reads-from choices go (TSan).
  struct happens_before_sink {
    void (*release)(const void* token) = nullptr;
    void (*acquire)(const void* token) = nullptr;
  };
  void set_sink(happens_before_sink sink) { sink_ = sink; }

  struct entry {
    std::vector<unsigned char> bytes;
    double position = 0;  // its place in mo (entries are kept sorted by it)
    int thread = -1;      // who stored it (-1: the location's first value)
    int step = 0;         // the trace step that stored it (1-based; 0: first value)
    bool rmw = false;     // a read-modify-write: nothing goes between it and its predecessor
    std::shared_ptr<const std::vector<double>> message;  // the view it publishes (null: none)
    std::vector<const void*> clocks;  // its happens-before tokens (with a sink only)
  };

  void reset();

  // A load by `thread` of `object`, whose latest value is `latest`: how many
  // entries it may read (>= 1; answer a of the strategy's choice means the
  // a-th newest).
  int readable(int thread, const void* object, std::memory_order order, const void* latest,
               std::size_t size);
  // The load read the a-th newest entry: updates the thread's view; returns
  // the entry. `newest_step` is set to the step of the location's latest
  // entry (what a stale read did not see).
  const entry& read(int thread, const void* object, std::memory_order order, int answer,
                    int& newest_step);
  // A read-modify-write (or, with value == nullptr, a failed
  // compare_exchange, which only reads): reads the last entry; `previous` is
  // the value before it (the first value, when the location is new).
  void read_modify_write(int thread, const void* object, std::memory_order order,
                         const void* previous, const void* value, std::size_t size, int step);
  // A store of `value`: how many places in mo it may take (>= 1; answer a
  // of the strategy's choice means the a-th from the end).
  int placeable(int thread, const void* object, std::memory_order order, const void* previous,
                std::size_t size);
  // Places the store; returns the entry mo now ends with when that is not
  // the store itself (the location's value must stay that one), else null.
  const entry* store(int thread, const void* object, std::memory_order order, const void* value,
                     std::size_t size, int answer, int step);
  void fence(int thread, std::memory_order order);
  // A racelab::atomic was constructed at `object`: whatever an earlier,
  // destroyed one there stored is no history of it.
  void forget(const void* object) { locations_.erase(object); }
  // A mutex's lock (or try_lock) and unlock by `thread` (see above).
  void lock(int thread, const void* mutex);
  void unlock(int thread, const void* mutex);
  // Any other synchronization that is not an atomic operation (see above).
  void synchronize(int thread);
  // `child` starts with what `parent` has seen when it spawns it.
  void spawned(int parent, int child);

 private:
  using view = std::vector<double>;  // per location id: the oldest readable position
  struct location {
    int id = 0;
    std::vector<entry> mo;
  };
  struct thread_state {
    view current;
    view pending;                               // messages read by relaxed loads
    std::shared_ptr<const view> release_fence;  // the view at its last release fence
    std::unordered_map<int, int> stale_reads;   // per location id, in a row
    const void* fence_clock = nullptr;          // token released at its last release fence
    std::vector<const void*> pending_clocks;    // tokens read by relaxed loads
  };

  location& at(const void* object, const void* first, std::size_t size);
  thread_state& of(int thread);
  static void join(view& into, const view& from);
  static double& slot(view& v, int id);
  double floor(thread_state& t, const location& l, std::memory_order order);
  // The indices j a new store may follow (last first).
  std::vector<std::size_t> places(thread_state& t, const location& l, std::memory_order order);
  void acquire(thread_state& t, const entry& e, std::memory_order order);
  // Happens-before tokens (no-ops without a sink).
  const void* release_token();
  void acquire_clocks(thread_state& t, const std::vector<const void*>& clocks,
                      std::memory_order order);
  static void add(std::vector<const void*>& to, const void* token);

  std::unordered_map<const void*, location> locations_;
  int next_location_ = 0;  // ids are never reused within a schedule (views index by them)
  std::unordered_map<const void*, view> mutexes_;  // what each mutex's unlocks released
  std::vector<thread_state> threads_;
  view global_;
  happens_before_sink sink_;
  static constexpr std::size_t kTokensPerBlock = 256;
  std::vector<std::unique_ptr<std::uint64_t[]>> token_blocks_;
  std::size_t tokens_used_ = kTokensPerBlock;  // in the last block
};

}  // namespace racelab::detail
