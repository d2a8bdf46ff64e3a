// The std-only lost update of bench/intercept_bench.cpp, in a file of its
// own so that only it is built with racelab_instrument (memory-access
// points): 2 std::threads x 3 increments of a plain int.
#include <thread>

int std_lost_update() {
  int counter = 0;
  auto add = [&] {
    for (int i = 0; i < 3; ++i)
      counter = counter + 1;
  };
  std::thread a(add), b(add);
  a.join();
  b.join();
  return counter;
}
