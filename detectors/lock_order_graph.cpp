#include "lock_order_graph.hpp"

#include <algorithm>
#include <functional>
#include <set>

#include "location_text.hpp"
#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {
namespace {

bool disjoint(const std::vector<int>& a, const std::vector<int>& b) {
  for (int x : a) {
    if (std::find(b.begin(), b.end(), x) != b.end()) return false;
  }
  return true;
}

}  // namespace

bool lock_order_graph::add(int from, int to, edge info) {
  std::sort(info.held.begin(), info.held.end());
  auto& variants = edges_[{from, to}];
  for (const edge& e : variants) {
    if (e.thread == info.thread && e.held == info.held) return false;
  }
  if (variants.size() >= kVariants) return false;
  variants.push_back(std::move(info));
  return true;
}

std::size_t lock_order_graph::edge_count() const noexcept {
  std::size_t n = 0;
  for (const auto& [pair, variants] : edges_)
    n += variants.size();
  return n;
}

std::optional<std::vector<lock_order_graph::edge>> lock_order_graph::find_cycle() const {
  if (edges_.empty()) return std::nullopt;                      // most schedules: no allocation
  std::map<int, std::vector<std::pair<int, const edge*>>> out;  // from -> (to, edge)
  for (const auto& [pair, variants] : edges_) {
    for (const edge& e : variants)
      out[pair.first].push_back({pair.second, &e});
  }
  // Depth-first search for a simple cycle through `start` whose edges have
  // distinct threads and pairwise disjoint held sets. Graphs are small (the
  // mutexes of one schedule), so the search is exhaustive.
  std::vector<const edge*> path;
  std::vector<int> nodes;
  std::function<bool(int, int)> extend = [&](int start, int node) {
    for (const auto& step : out[node]) {
      const int next = step.first;
      const edge* e = step.second;
      if (next < start) continue;  // each cycle is found from its smallest node
      const bool fits = std::all_of(path.begin(), path.end(), [&](const edge* p) {
        return p->thread != e->thread && disjoint(p->held, e->held);
      });
      if (!fits) continue;
      if (next == start) {
        path.push_back(e);
        return true;
      }
      if (std::find(nodes.begin(), nodes.end(), next) != nodes.end()) continue;
      path.push_back(e);
      nodes.push_back(next);
      if (extend(start, next)) return true;
      path.pop_back();
      nodes.pop_back();
    }
    return false;
  };
  for (const auto& [node, unused] : out) {
    path.clear();
    nodes.assign(1, node);
    if (extend(node, node)) {
      std::vector<edge> cycle;
      for (const edge* e : path)
        cycle.push_back(*e);
      return cycle;
    }
  }
  return std::nullopt;
}

std::string lock_order_graph::describe(const std::vector<edge>& cycle) {
  std::string out;
  for (const edge& e : cycle) {
    if (!out.empty()) out += ";\n  ";
    out += "T" + std::to_string(e.thread) + " locks " + e.to_name + location_suffix(e.to_at) +
           " while holding " + e.from_name + location_suffix(e.from_at);
  }
  return out;
}

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
