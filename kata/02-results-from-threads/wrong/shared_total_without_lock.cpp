// Wrong fix (unsynchronized): every worker adds its part to one shared total.
#include <thread>
#include <vector>

#include "task.hpp"

long parallel_sum(const std::vector<int>& data, int parts) {
  long total = 0;
  std::vector<std::thread> workers;
  for (int p = 0; p < parts; ++p) {
    workers.emplace_back([&, p] {
      long sum = 0;
      for (std::size_t i = static_cast<std::size_t>(p); i < data.size();
           i += static_cast<std::size_t>(parts))
        sum += data[i];
      total = total + sum;
    });
  }
  for (auto& w : workers)
    w.join();
  return total;
}
