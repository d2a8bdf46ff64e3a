// Wrong fix: release on the writer's side only. A relaxed load
// synchronizes with nothing, so the value's read still races.
#include <atomic>
#include <thread>

#include "task.hpp"

void publish(config_box& box, int value) {
  box.value = value;
  box.ready.store(true, std::memory_order_release);
}

int read_when_ready(config_box& box) {
  while (!box.ready.load(std::memory_order_relaxed))
    std::this_thread::yield();
  return box.value;
}
