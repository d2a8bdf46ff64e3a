// Checker of exercise 15: one and two readers waiting for the flag, and a
// reader arriving after the value was published; each explored under every
// schedule within the bound; built plainly and under ThreadSanitizer, which
// judges whether the value was really published. Part 2 (the result board,
// all atomics) is explored under the C++ memory model in the ThreadSanitizer
// build (kata::cpp_memory_model), where only the model can show its bug.
#include <cstdio>

#include "kata_check.hpp"
#include "task.hpp"

int main() {
  std::printf("Publishing data through a flag (memory ordering)\n");
  kata::explore("a reader that sees the flag sees the value", [] {
    config_box box;
    int seen = 0;
    racelab::thread reader([&] { seen = read_when_ready(box); });
    publish(box, 42);
    reader.join();
    racelab::check(seen == 42, "the reader got 42");
  });
  kata::explore("two readers both see the value", [] {
    config_box box;
    int seen[2] = {0, 0};
    racelab::thread a([&] { seen[0] = read_when_ready(box); }),
        b([&] { seen[1] = read_when_ready(box); });
    publish(box, 7);
    a.join();
    b.join();
    racelab::check(seen[0] == 7 && seen[1] == 7, "both readers got 7");
  });
  kata::explore("a reader arriving after the value was published", [] {
    config_box box;
    int seen = 0;
    racelab::thread writer([&] { publish(box, 9); });
    seen = read_when_ready(box);
    writer.join();
    racelab::check(seen == 9, "the reader got 9");
  });
  const racelab::MemoryModel model = kata::cpp_memory_model();
  const char* under = model == racelab::MemoryModel::rc11 ? " (under the C++ memory model)" : "";
  kata::explore(
      std::string("part 2: a collector polling while both workers post") + under,
      [] {
        result_board board;
        racelab::thread a([&] { post_result(board, 0, 10); }),
            b([&] { post_result(board, 1, 20); });
        int out[2] = {0, 0};
        while (!collect(board, out))
          racelab::yield();
        racelab::check(out[0] == 10 && out[1] == 20, "the collector got 10 and 20");
        a.join();
        b.join();
      },
      20000, 2, model);
  kata::explore(
      std::string("part 2: a collector on its own thread") + under,
      [] {
        result_board board;
        int out[2] = {0, 0};
        racelab::thread collector([&] {
          while (!collect(board, out))
            racelab::yield();
        });
        post_result(board, 1, 5);
        post_result(board, 0, 6);
        collector.join();
        racelab::check(out[0] == 6 && out[1] == 5, "the collector got 6 and 5");
      },
      20000, 2, model);
  return kata::verdict();
}
