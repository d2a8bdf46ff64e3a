// Checker of exercise 05: run_all with several numbers of tasks, with no task
// throwing, with each one in turn throwing, and with two throwing; every
// result and every exception checked, each scenario explored under every
// schedule within the bound; built plainly and under ThreadSanitizer.
#include <cstdio>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "kata_check.hpp"
#include "task.hpp"

namespace {

// n tasks returning 1..n; the ones in `throwing` throw "task k failed".
// Each counts itself in `ran` when it ends.
std::vector<std::function<int()>> make_tasks(int n, std::vector<int> throwing,
                                             racelab::atomic<int>& ran) {
  std::vector<std::function<int()>> tasks;
  for (int k = 0; k < n; ++k) {
    bool throws = false;
    for (int t : throwing)
      throws = throws || t == k;
    tasks.push_back([k, throws, &ran]() -> int {
      ran.fetch_add(1);
      if (throws) throw std::runtime_error("task " + std::to_string(k) + " failed");
      return k + 1;
    });
  }
  return tasks;
}

void results_in_order(int n) {
  kata::explore("run_all of " + std::to_string(n) + " tasks returns their results in order", [n] {
    racelab::atomic<int> ran{0, "ran"};
    std::vector<int> want;
    for (int k = 0; k < n; ++k)
      want.push_back(k + 1);
    racelab::check(run_all(make_tasks(n, {}, ran)) == want, "run_all returns {1, 2, ...} in order");
  });
}

void exception_reaches_caller(int n, std::vector<int> throwing, int budget) {
  std::string which;
  for (int t : throwing)
    which += (which.empty() ? "" : " and ") + std::to_string(t);
  kata::explore(
      "of " + std::to_string(n) + " tasks, task " + which +
          " throws: the caller gets that exception after every task ended",
      [n, throwing] {
        racelab::atomic<int> ran{0, "ran"};
        std::string caught;
        try {
          run_all(make_tasks(n, throwing, ran));
        } catch (const std::runtime_error& e) {
          caught = e.what();
        }
        bool one_of_them = false;
        for (int t : throwing)
          one_of_them = one_of_them || caught == "task " + std::to_string(t) + " failed";
        racelab::check(one_of_them, "run_all rethrows the exception of a task that threw");
        racelab::check(ran.load() == n, "every task has run when run_all returns or throws");
      },
      budget);
}

}  // namespace

int main() {
  std::printf("Collecting results, with exceptions reaching the caller\n");
  results_in_order(0);
  results_in_order(2);
  exception_reaches_caller(2, {0}, 20000);
  exception_reaches_caller(2, {1}, 20000);
  exception_reaches_caller(2, {0, 1}, 20000);
  exception_reaches_caller(3, {1}, 4000);
  return kata::verdict();
}
