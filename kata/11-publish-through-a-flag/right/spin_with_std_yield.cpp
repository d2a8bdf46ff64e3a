// Correct: release and acquire, spinning with std::this_thread::yield().
#include <atomic>
#include <thread>

#include "task.hpp"

void publish(config_box& box, int value) {
  box.value = value;
  box.ready.store(true, std::memory_order_release);
}

int read_when_ready(config_box& box) {
  while (!box.ready.load(std::memory_order_acquire))
    std::this_thread::yield();
  return box.value;
}
