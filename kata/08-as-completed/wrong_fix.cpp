// A fix that only makes the bug rarer; the runner's tests prove it is rejected.
#include <functional>
#include <future>
#include <vector>

#include "task.hpp"

// Wrong fix: a future per job, so no data race any more, but the results are reported in the
// order the jobs were given, not as they complete: a slow first job holds back every result
// after it, however early those jobs finished.
void as_completed(const std::vector<std::function<int()>>& jobs,
                  const std::function<void(int)>& report) {
  std::vector<std::future<int>> results;
  for (const auto& job : jobs)
    results.push_back(std::async(std::launch::async, job));
  for (auto& r : results)
    report(r.get());
}
