// A fix that only makes the bug rarer; the runner's tests prove it is rejected.
#include "task.hpp"

// Wrong fix: make the store seq_cst but keep the load relaxed.
void publish(config_box& box, int value) {
  box.value = value;
  box.ready.store(true, std::memory_order_seq_cst);
}

int read_when_ready(config_box& box) {
  while (!box.ready.load(std::memory_order_relaxed))
    racelab::yield();
  return box.value;
}
