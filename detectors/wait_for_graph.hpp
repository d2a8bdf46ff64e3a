// wait_for_graph: who waits for whom when no thread can run.
//
// Built from a snapshot of the blocked threads at the moment the scheduler
// finds no enabled thread. Each blocked thread waits for a resource (a mutex,
// a condition variable's notification, another thread's end) and, where one
// exists, the threads that could release it. A cycle in that relation is a
// deadlock in the classic sense; a thread waiting for a notification nobody
// will send (a lost wake-up) has no blocker at all. describe() names every
// blocked thread, what it holds and what it waits for, the cycle first:
//   "T1 holds m_a, waits for m_b held by T2; T2 holds m_b, waits for m_a held by T1"
// Not thread-safe: built and read by one thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace racelab::detail {

class wait_for_graph {
 public:
  struct blocked {
    int thread = 0;
    std::vector<std::string> holds;  // names of the mutexes it holds
    std::string waits_for;           // "m_b", "a notification on cv", "T2 to finish"
    std::vector<int> blockers;       // threads that hold what it waits for
    std::string where;               // "x.cpp:12", may be empty
  };

  void add(blocked b) { nodes_.push_back(std::move(b)); }

  // The threads of a wait-for cycle, in order, if there is one.
  std::optional<std::vector<int>> find_cycle() const;

  std::string describe() const;

 private:
  const blocked* find(int thread) const;
  std::string describe(const blocked& b) const;

  std::vector<blocked> nodes_;
};

}  // namespace racelab::detail
