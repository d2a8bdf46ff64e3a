// One exploration of N schedules of exploration_bench's body (2 threads x 3
// fetch_add, pct, fibers), for scripts/instructions_per_schedule.sh: run
// under callgrind with two values of N, the difference in instructions over
// the difference in schedules is what one schedule costs, independent of
// the machine's speed and of other tenants of a VM (wall-clock figures of
// this workload vary 1.5x within a day here). Not a Google Benchmark: its
// figure is a count, read off callgrind.
#include <charconv>
#include <cstdio>
#include <cstring>
#include <vector>

#include <racelab/harness.hpp>

int main(int argc, char** argv) {
  int schedules = 1000;
  if (argc > 1) {
    const char* end = argv[1] + std::strlen(argv[1]);
    if (std::from_chars(argv[1], end, schedules).ptr != end || schedules < 1) {
      std::fprintf(stderr, "usage: schedule_cost [SCHEDULES >= 1]\n");
      return 2;
    }
  }
  racelab::Options o;
  o.strategy = racelab::Strategy::pct;
  o.iterations = schedules;
  o.backend = racelab::Backend::fibers;
  const racelab::Result r = racelab::explore(o, [] {
    racelab::atomic<int> x{0};
    std::vector<racelab::thread> workers;
    for (int t = 0; t < 2; ++t) {
      workers.emplace_back([&] {
        for (int i = 0; i < 3; ++i)
          x.fetch_add(1);
      });
    }
    for (auto& w : workers)
      w.join();
  });
  std::printf("%d schedules%s\n", r.iterations, r.failed() ? " (failed)" : "");
  return r.failed() ? 1 : 0;
}
