// Wrong fix (narrow): always splits the data in two halves, whatever `parts`
// says, and sums the second half only when there are two parts.
#include <thread>
#include <vector>

#include "task.hpp"

long parallel_sum(const std::vector<int>& data, int parts) {
  long first = 0, second = 0;
  const std::size_t half = data.size() / 2;
  std::thread a([&] {
    for (std::size_t i = 0; i < half; ++i)
      first += data[i];
  });
  std::thread b([&] {
    if (parts != 2) return;
    for (std::size_t i = half; i < data.size(); ++i)
      second += data[i];
  });
  a.join();
  b.join();
  return first + second;
}
