// lock_order_graph: potential deadlocks from the order in which locks are taken.
//
// An edge A -> B records that some thread acquired B while holding A, with
// the source line where A was taken and where B was taken. The graph is kept
// across every schedule of one exploration. A cycle (A -> B -> A, or longer)
// means two or more threads can each hold one lock of the cycle and wait for
// the next: a deadlock waiting for the right schedule, even if no schedule
// run so far deadlocked. This is the same judgement ThreadSanitizer's
// lock-order-inversion report makes, made over every explored schedule.
//
// Mutexes are identified by a stable key chosen by the caller, and named for
// people separately. Not thread-safe: the scheduler calls it under its lock.
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
    int schedule = 0;         // the schedule that first showed the edge
  };

  // Records an edge; returns true when it is new.
  bool add(const std::string& from_key, const std::string& to_key, edge info);

  // A cycle of edges, in order, if the graph has one.
  std::optional<std::vector<edge>> find_cycle() const;

  std::size_t edge_count() const noexcept { return edges_.size(); }
  void clear() { edges_.clear(); }

  // "T1 locks m_b (x.cpp:12) while holding m_a (x.cpp:11); T2 locks m_a ..."
  static std::string describe(const std::vector<edge>& cycle);

 private:
  std::map<std::pair<std::string, std::string>, edge> edges_;
};

}  // namespace racelab::detail
