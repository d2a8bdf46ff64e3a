// Unmodified std code explored through racelab::intercept, as an importing
// project would: two std::threads "upgrade" a std::shared_mutex with a gap.
#include <cstdio>
#include <mutex>
#include <shared_mutex>
#include <thread>

#include <racelab/harness.hpp>

int main() {
  racelab::Options options;
  options.strategy = racelab::Strategy::dfs;
  const racelab::Result r = racelab::explore(options, [] {
    std::shared_mutex m;
    int value = 0;
    auto increment = [&] {
      int seen = 0;
      {
        std::shared_lock<std::shared_mutex> read(m);
        seen = value;
      }
      std::unique_lock<std::shared_mutex> write(m);
      value = seen + 1;
    };
    std::thread a(increment), b(increment);
    a.join();
    b.join();
    racelab::check(value == 2, "no update lost");
  });
  if (r.failure != racelab::Failure::check) {
    std::printf("consumer_std: the lost update was not found\n%s\n", r.message.c_str());
    return 1;
  }
  std::printf("consumer_std: lost update found in %d schedules\n", r.iterations);
  return 0;
}
