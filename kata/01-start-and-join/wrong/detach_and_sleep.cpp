// Wrong fix (timing): detach the workers and sleep "long enough" for them.
// A sleep orders nothing: the checker tries the schedules where a worker
// has not written its square when squares() returns.
#include <chrono>
#include <thread>
#include <vector>

#include "task.hpp"

std::vector<int> squares(int n) {
  std::vector<int> out(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    std::thread([&out, i] { out[static_cast<std::size_t>(i)] = i * i; }).detach();
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  return out;
}
