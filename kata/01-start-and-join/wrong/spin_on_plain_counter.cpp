// Wrong fix (unsynchronized): workers count themselves done in a plain int
// and squares() spins until the count is n. The count is a lost update and
// a data race, and the spin may wait forever.
#include <thread>
#include <vector>

#include "task.hpp"

std::vector<int> squares(int n) {
  std::vector<int> out(static_cast<std::size_t>(n));
  int done = 0;
  std::vector<std::thread> workers;
  for (int i = 0; i < n; ++i) {
    workers.emplace_back([&out, &done, i] {
      out[static_cast<std::size_t>(i)] = i * i;
      done = done + 1;
    });
  }
  while (done < n)
    std::this_thread::yield();
  for (auto& w : workers)
    w.detach();
  return out;
}
