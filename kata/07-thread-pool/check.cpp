// Checker of exercise 07: a pool of one worker and of two destroyed with two
// jobs queued (each job must run, its future holding its result), a pool
// destroyed with no job at all, a job that throws (its future must rethrow
// the exception), and a caller waiting for a result while the pool is alive;
// each scenario explored under every schedule within the bound (spurious
// wake-ups included); built plainly and under ThreadSanitizer.
#include <cstdio>
#include <future>
#include <stdexcept>
#include <string>
#include <vector>

#include "kata_check.hpp"
#include "task.hpp"

namespace {

// Reads the future of a job submitted before the pool was destroyed. A
// std::future_error here (broken_promise) means the job's packaged_task was
// destroyed unrun: the pool dropped it.
void expect_result(std::future<int>& result, int want) {
  int got = 0;
  bool dropped = false;
  try {
    got = result.get();
  } catch (const std::future_error&) {
    dropped = true;
  }
  racelab::check(!dropped,
                 "every job submitted before the pool is destroyed runs (a future said "
                 "broken_promise: its job was dropped unrun)");
  racelab::check(got == want, "a job's future holds the job's result");
}

// A pool of `workers` gets jobs returning 1 and 2 and is destroyed; then
// each future must hold its job's result.
void two_jobs_then_shutdown(int workers, int budget) {
  kata::explore(
      std::to_string(workers) + (workers == 1 ? " worker" : " workers") +
          ", two jobs queued: destroying the pool runs both first",
      [workers] {
        std::vector<std::future<int>> results;
        {
          pool farm(workers);
          results.push_back(farm.submit([] { return 1; }));
          results.push_back(farm.submit([] { return 2; }));
        }
        expect_result(results[0], 1);
        expect_result(results[1], 2);
      },
      budget);
}

}  // namespace

int main() {
  std::printf("A thread pool you finish\n");
  two_jobs_then_shutdown(1, 3000);
  two_jobs_then_shutdown(2, 3000);
  kata::explore(
      "2 workers, no job at all: destroying the pool ends every worker",
      [] {
        pool farm(2);  // destroyed at once
      },
      2000);
  kata::explore(
      "a job that throws: its future rethrows the exception",
      [] {
        std::future<int> result;
        {
          pool farm(1);
          result = farm.submit([]() -> int { throw std::runtime_error("job failed"); });
        }
        std::string error;
        bool dropped = false;
        try {
          result.get();
        } catch (const std::runtime_error& e) {
          error = e.what();
        } catch (const std::future_error&) {
          dropped = true;
        }
        racelab::check(!dropped,
                       "every job submitted before the pool is destroyed runs (a future said "
                       "broken_promise: its job was dropped unrun)");
        racelab::check(error == "job failed",
                       "the future of a job that throws rethrows its exception (\"job failed\")");
      },
      2000);
  kata::explore(
      "the caller waits for a result while the pool is alive",
      [] {
        int got = 0;
        {
          pool farm(1);
          std::future<int> result = farm.submit([] { return 7; });
          got = result.get();
        }
        racelab::check(got == 7, "get() returns the job's result while the pool runs");
      },
      2000);
  return kata::verdict();
}
