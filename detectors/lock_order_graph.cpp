#include "lock_order_graph.hpp"

#include <functional>
#include <set>

#include "location_text.hpp"

namespace racelab::detail {

bool lock_order_graph::add(const std::string& from_key, const std::string& to_key, edge info) {
  return edges_.try_emplace({from_key, to_key}, std::move(info)).second;
}

std::optional<std::vector<lock_order_graph::edge>> lock_order_graph::find_cycle() const {
  std::map<std::string,
           std::vector<const std::pair<const std::pair<std::string, std::string>, edge>*>>
      out;
  for (const auto& e : edges_)
    out[e.first.first].push_back(&e);

  // Iterative colouring DFS; `path` holds the edges from the root to `node`.
  std::set<std::string> done;
  std::vector<const std::pair<const std::pair<std::string, std::string>, edge>*> path;
  std::set<std::string> on_path;
  std::optional<std::vector<edge>> found;

  std::function<bool(const std::string&)> visit = [&](const std::string& node) {
    on_path.insert(node);
    for (const auto* e : out[node]) {
      const std::string& next = e->first.second;
      path.push_back(e);
      if (on_path.count(next) != 0) {
        std::vector<edge> cycle;
        std::size_t start = 0;
        while (path[start]->first.first != next)
          ++start;
        for (std::size_t i = start; i < path.size(); ++i)
          cycle.push_back(path[i]->second);
        found = std::move(cycle);
        return true;
      }
      if (done.count(next) == 0 && visit(next)) return true;
      path.pop_back();
    }
    on_path.erase(node);
    done.insert(node);
    return false;
  };
  for (const auto& [node, unused] : out) {
    if (done.count(node) == 0 && visit(node)) return found;
  }
  return std::nullopt;
}

std::string lock_order_graph::describe(const std::vector<edge>& cycle) {
  std::string out;
  for (const edge& e : cycle) {
    if (!out.empty()) out += ";\n  ";
    out += "T" + std::to_string(e.thread) + " locks " + e.to_name + location_suffix(e.to_at) +
           " while holding " + e.from_name + location_suffix(e.from_at);
    if (e.schedule > 0) out += " (schedule " + std::to_string(e.schedule) + ")";
  }
  return out;
}

}  // namespace racelab::detail
