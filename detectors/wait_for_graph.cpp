#include "wait_for_graph.hpp"

#include <algorithm>
#include <set>

#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {

const wait_for_graph::blocked* wait_for_graph::find(int thread) const {
  for (const blocked& b : nodes_) {
    if (b.thread == thread) return &b;
  }
  return nullptr;
}

std::optional<std::vector<int>> wait_for_graph::find_cycle() const {
  // Each thread has few blockers; follow first blockers from every start,
  // trying each blocker in turn (graphs here have a handful of nodes).
  for (const blocked& start : nodes_) {
    std::vector<int> path{start.thread};
    std::set<int> seen{start.thread};
    std::vector<std::size_t> choice{0};
    while (!path.empty()) {
      const blocked* node = find(path.back());
      if (node == nullptr || choice.back() >= node->blockers.size()) {
        path.pop_back();
        choice.pop_back();
        if (!choice.empty()) ++choice.back();
        continue;
      }
      const int next = node->blockers[choice.back()];
      if (next == start.thread) return path;
      if (seen.insert(next).second && find(next) != nullptr) {
        path.push_back(next);
        choice.push_back(0);
      } else {
        ++choice.back();
      }
    }
  }
  return std::nullopt;
}

std::string wait_for_graph::describe(const blocked& b) const {
  std::string out = "T" + std::to_string(b.thread);
  if (!b.holds.empty()) {
    out += " holds ";
    for (std::size_t i = 0; i < b.holds.size(); ++i)
      out += (i ? ", " : "") + b.holds[i];
    out += ",";
  }
  out += " waits for " + b.waits_for;
  if (!b.blockers.empty() && b.waits_for.rfind('T', 0) != 0) {
    out += " held by";
    for (std::size_t i = 0; i < b.blockers.size(); ++i) {
      out += (i ? ", T" : " T") + std::to_string(b.blockers[i]);
    }
  }
  if (!b.where.empty()) out += " (" + b.where + ")";
  return out;
}

std::string wait_for_graph::describe() const {
  std::vector<int> order;
  const auto cycle = find_cycle();
  if (cycle) order = *cycle;
  for (const blocked& b : nodes_) {
    if (std::find(order.begin(), order.end(), b.thread) == order.end()) order.push_back(b.thread);
  }
  std::string out;
  for (int t : order) {
    if (!out.empty()) out += "; ";
    out += describe(*find(t));
  }
  if (cycle) {
    out += "\n  wait-for cycle:";
    for (int t : *cycle)
      out += " T" + std::to_string(t) + " ->";
    out += " T" + std::to_string(cycle->front());
  }
  return out;
}

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
