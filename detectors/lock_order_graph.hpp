// lock_order_graph: potential deadlocks from the order in which locks are
// taken within one schedule (GoodLock with gate locks).
//
// An edge A -> B records that some thread acquired B while holding A, with
// the source lines where A and B were taken and every lock the thread held
// at that moment. A cycle of edges A -> B -> ... -> A means the threads can
// each hold one lock of the cycle and wait for the next, a deadlock waiting
// for the right schedule, even if the schedule run did not deadlock. As in
// iGoodLock (Joshi et al., PLDI 2009; gate locks: Bensalem and Havelund,
// 2005) a cycle counts only if its edges come from distinct threads and the
// sets of locks held when taking them are pairwise disjoint: a cycle whose
// edges were all taken under one common gate lock cannot deadlock, because
// only one thread at a time can be inside the gate.
//
// Mutexes are identified by a serial number unique within the schedule
// (never an address, which a later object may reuse), and named for people
// separately. One graph per schedule, so every reported cycle names mutexes
// of one run of the program and is replayed by that schedule.
// Not thread-safe: the scheduler calls it under its lock.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "racelab/source_location.hpp"

namespace racelab::detail {

class lock_order_graph {
 public:
  struct edge {
    std::string from_name;
    std::string to_name;
    int thread = 0;           // who took `to` while holding `from`
    source_location from_at;  // where `from` was locked
    source_location to_at;    // where `to` was locked
    std::vector<int> held;    // every lock `thread` held when it took `to`
  };

  // Records an edge; returns true when it is new (per thread and held set).
  bool add(int from, int to, edge info);

  // A cycle of edges, in order, if the graph has one that can deadlock.
  std::optional<std::vector<edge>> find_cycle() const;

  std::size_t edge_count() const noexcept;
  void clear() { edges_.clear(); }

  // "T1 locks m_b (x.cpp:12) while holding m_a (x.cpp:11); T2 locks m_a ..."
  static std::string describe(const std::vector<edge>& cycle);

 private:
  // Variants of one (from, to) pair kept per pair, enough to tell gated
  // from ungated orders without growing with the schedule's length.
  static constexpr std::size_t kVariants = 8;
  std::map<std::pair<int, int>, std::vector<edge>> edges_;
};

}  // namespace racelab::detail
