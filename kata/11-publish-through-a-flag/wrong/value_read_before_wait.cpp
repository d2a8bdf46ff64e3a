// Wrong fix: the reader copies the value first and waits afterwards.
#include <atomic>
#include <thread>

#include "task.hpp"

void publish(config_box& box, int value) {
  box.value = value;
  box.ready.store(true, std::memory_order_release);
}

int read_when_ready(config_box& box) {
  const int seen = box.value;
  while (!box.ready.load(std::memory_order_acquire))
    std::this_thread::yield();
  return seen;
}
