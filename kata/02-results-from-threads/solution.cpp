// Reference solution (make kata-solution shows it once the exercise passes).
#include <vector>

#include <racelab/harness.hpp>

#include "task.hpp"

long parallel_sum(const std::vector<int>& data, int parts) {
  std::vector<long> partial(static_cast<std::size_t>(parts), 0);
  std::vector<racelab::thread> workers;
  for (int p = 0; p < parts; ++p) {
    workers.emplace_back([&, p] {
      long sum = 0;
      for (std::size_t i = static_cast<std::size_t>(p); i < data.size();
           i += static_cast<std::size_t>(parts))
        sum += data[i];
      partial[static_cast<std::size_t>(p)] = sum;
    });
  }
  for (auto& w : workers)
    w.join();  // every partial sum is final now
  long total = 0;
  for (long s : partial)
    total += s;
  return total;
}
