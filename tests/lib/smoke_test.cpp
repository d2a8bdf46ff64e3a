#include <gtest/gtest.h>
#include <racelab/harness.hpp>
#include <iostream>

TEST(Smoke, LostUpdate) {
  racelab::Options o;
  o.strategy = racelab::Strategy::dfs;
  auto r = racelab::explore(o, [] {
    racelab::atomic<int> x{0, "x"};
    auto inc = [&] { int v = x.load(); x.store(v + 1); };
    racelab::thread a(inc), b(inc);
    a.join();
    b.join();
    racelab::check(x.load() == 2, "x == 2");
  });
  std::cout << r.message << "\n" << r.trace << "\n iterations " << r.iterations << "\n";
  EXPECT_EQ(r.failure, racelab::Failure::check);
}
