// Wrong fix: the flag is raised before the value is written.
#include <atomic>
#include <thread>

#include "task.hpp"

void publish(config_box& box, int value) {
  box.ready.store(true, std::memory_order_release);
  box.value = value;
}

int read_when_ready(config_box& box) {
  while (!box.ready.load(std::memory_order_acquire))
    std::this_thread::yield();
  return box.value;
}
