// Reference solution (make kata-solution shows it once the exercise passes).
#include "task.hpp"

void publish(config_box& box, int value) {
  box.value = value;
  box.ready.store(true, std::memory_order_release);
}

int read_when_ready(config_box& box) {
  while (!box.ready.load(std::memory_order_acquire))
    racelab::yield();
  return box.value;
}
