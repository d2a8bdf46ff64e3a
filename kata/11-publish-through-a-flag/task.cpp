// Your file: make the TODOs right, then run `make kata`.
#include "task.hpp"

void publish(config_box& box, int value) {
  box.value = value;
  box.ready.store(true, std::memory_order_relaxed);  // TODO
}

int read_when_ready(config_box& box) {
  while (!box.ready.load(std::memory_order_relaxed))
    racelab::yield();  // TODO
  return box.value;
}
