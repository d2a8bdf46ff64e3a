// Uses the public API the way an importing project's test would.
#include <cstdio>

#include <racelab/harness.hpp>

int main() {
  racelab::Options options;
  options.strategy = racelab::Strategy::dfs;
  const racelab::Result racy = racelab::explore(options, [] {
    racelab::atomic<int> hits{0, "hits"};
    auto bump = [&] { hits.store(hits.load() + 1); };
    racelab::thread a(bump), b(bump);
    a.join();
    b.join();
    racelab::check(hits.load() == 2, "no update lost");
  });
  const racelab::Result fixed = racelab::explore(options, [] {
    racelab::atomic<int> hits{0, "hits"};
    racelab::thread a([&] { hits.fetch_add(1); }), b([&] { hits.fetch_add(1); });
    a.join();
    b.join();
    racelab::check(hits.load() == 2, "no update lost");
  });
  if (racy.failure != racelab::Failure::check || fixed.failed() || !fixed.exhausted) {
    std::printf("consumer: unexpected results\n%s\n%s\n", racy.message.c_str(),
                fixed.message.c_str());
    return 1;
  }
  std::printf("consumer: racy version fails (%d schedules), fixed version passes all %d\n",
              racy.iterations, fixed.iterations);
  return 0;
}
