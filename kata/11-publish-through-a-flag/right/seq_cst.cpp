// Correct: the default order, seq_cst, is a release store and an acquire
// load (and more).
#include <atomic>
#include <thread>

#include "task.hpp"

void publish(config_box& box, int value) {
  box.value = value;
  box.ready.store(true);
}

int read_when_ready(config_box& box) {
  while (!box.ready.load())
    std::this_thread::yield();
  return box.value;
}
