// Correct: one std::async per part; each future's get() waits for its part.
#include <future>
#include <vector>

#include "task.hpp"

long parallel_sum(const std::vector<int>& data, int parts) {
  std::vector<std::future<long>> partial;
  for (int p = 0; p < parts; ++p) {
    partial.push_back(std::async(std::launch::async, [&data, parts, p] {
      long sum = 0;
      for (std::size_t i = static_cast<std::size_t>(p); i < data.size();
           i += static_cast<std::size_t>(parts))
        sum += data[i];
      return sum;
    }));
  }
  long total = 0;
  for (auto& f : partial)
    total += f.get();
  return total;
}
