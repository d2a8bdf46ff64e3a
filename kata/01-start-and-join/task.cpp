// Your file: make the TODOs right, then run `make kata`.
#include <vector>

#include <racelab/harness.hpp>

#include "task.hpp"

// One thread per slot computes i * i.
std::vector<int> squares(int n) {
  std::vector<int> out(static_cast<std::size_t>(n));
  std::vector<racelab::thread> workers;
  for (int i = 0; i < n; ++i) {
    workers.emplace_back([&out, i] { out[static_cast<std::size_t>(i)] = i * i; });
  }
  // TODO: the workers may still be running when we return `out`.
  for (auto& w : workers)
    w.detach();
  return out;
}
