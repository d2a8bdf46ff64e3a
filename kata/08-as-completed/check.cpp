// Checker of exercise 08: as_completed of two and of three jobs (each result
// reported once, on the caller's thread, before as_completed returns), of two
// jobs whose first one finishes only once the second one's result has been
// reported (results reported in the jobs' order never get there), and of no
// jobs; each scenario explored under every schedule within the bound; built
// plainly and under ThreadSanitizer.
#include <cstddef>
#include <cstdio>
#include <functional>
#include <semaphore>
#include <string>
#include <thread>
#include <vector>

#include "kata_check.hpp"
#include "task.hpp"

namespace {

// n jobs returning 1..n.
std::vector<std::function<int()>> numbered_jobs(int n) {
  std::vector<std::function<int()>> jobs;
  for (int k = 1; k <= n; ++k)
    jobs.push_back([k] { return k; });
  return jobs;
}

// What report was called with, kept in atomics: a report made on another
// thread fails a check below instead of racing with the caller's here.
class reports {
 public:
  explicit reports(int jobs) : times_(static_cast<std::size_t>(jobs) + 1) {}

  // What the report given to as_completed does.
  void report(int result) {
    if (std::this_thread::get_id() != caller_) elsewhere_.store(true);
    if (result >= 1 && result < static_cast<int>(times_.size()))
      times_[static_cast<std::size_t>(result)].fetch_add(1);
    else
      unexpected_.store(true);
  }

  // Once as_completed has returned: 1..n were each reported once, all on
  // the thread that called it.
  void check_each_once() const {
    racelab::check(!elsewhere_.load(), "report is called on the thread that called as_completed");
    racelab::check(!unexpected_.load(), "report gets only the results the jobs returned");
    for (std::size_t r = 1; r < times_.size(); ++r) {
      racelab::check(times_[r].load() == 1,
                     "each result is reported exactly once before as_completed returns");
    }
  }

 private:
  const std::thread::id caller_ = std::this_thread::get_id();
  std::vector<racelab::atomic<int>> times_;  // times_[r]: how often r was reported
  racelab::atomic<bool> elsewhere_{false, "reported_elsewhere"};
  racelab::atomic<bool> unexpected_{false, "unexpected_result"};
};

void each_reported_once(const std::string& what, int n, int budget) {
  kata::explore(
      what,
      [n] {
        reports seen(n);
        as_completed(numbered_jobs(n), [&seen](int r) { seen.report(r); });
        seen.check_each_once();
      },
      budget);
}

}  // namespace

int main() {
  std::printf("Reporting results as they complete\n");
  each_reported_once(
      "two jobs: 1 and 2 are each reported once, on the caller's thread, before it returns", 2,
      3000);
  each_reported_once("three jobs: 1, 2 and 3 are each reported once, on the caller's thread", 3,
                     3000);
  kata::explore(
      "a slow first job does not hold back the second: 2 is reported while job 0 still runs",
      [] {
        std::binary_semaphore second_reported{0};
        reports seen(2);
        const std::vector<std::function<int()>> jobs = {
            [&second_reported] {
              second_reported.acquire();  // job 0 finishes only once 2 has been reported
              return 1;
            },
            [] { return 2; }};
        as_completed(jobs, [&](int r) {
          seen.report(r);
          if (r == 2) second_reported.release();
        });
        seen.check_each_once();
      },
      2000);
  kata::explore("no jobs: as_completed returns at once and reports nothing", [] {
    reports seen(0);
    as_completed({}, [&seen](int r) { seen.report(r); });
    seen.check_each_once();
  });
  return kata::verdict();
}
