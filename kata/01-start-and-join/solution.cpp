// Reference solution (make kata-solution shows it once the exercise passes).
#include <vector>

#include <racelab/harness.hpp>

#include "task.hpp"

std::vector<int> squares(int n) {
  std::vector<int> out(static_cast<std::size_t>(n));
  std::vector<racelab::thread> workers;
  for (int i = 0; i < n; ++i) {
    workers.emplace_back([&out, i] { out[static_cast<std::size_t>(i)] = i * i; });
  }
  for (auto& w : workers)
    w.join();  // every slot is written before we return
  return out;
}
