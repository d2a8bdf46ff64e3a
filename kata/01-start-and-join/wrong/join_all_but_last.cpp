// Wrong fix (narrow): joins every worker but the last, which is detached.
#include <thread>
#include <vector>

#include "task.hpp"

std::vector<int> squares(int n) {
  std::vector<int> out(static_cast<std::size_t>(n));
  std::vector<std::thread> workers;
  for (int i = 0; i < n; ++i)
    workers.emplace_back([&out, i] { out[static_cast<std::size_t>(i)] = i * i; });
  for (std::size_t i = 0; i + 1 < workers.size(); ++i)
    workers[i].join();
  if (!workers.empty()) workers.back().detach();
  return out;
}
