// A fix that only makes the bug rarer; the runner's tests prove it is rejected.
#include <chrono>
#include <thread>
#include <vector>

#include <racelab/harness.hpp>

#include "task.hpp"

// Wrong fix: wait a little before returning and hope the workers are done.
std::vector<int> squares(int n) {
  std::vector<int> out(static_cast<std::size_t>(n));
  std::vector<racelab::thread> workers;
  for (int i = 0; i < n; ++i) {
    workers.emplace_back([&out, i] { out[static_cast<std::size_t>(i)] = i * i; });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  for (auto& w : workers)
    w.detach();
  return out;
}
