// Correct: fences instead of ordered operations. The release fence orders
// the value's write before the relaxed store of the flag; the acquire fence
// orders the relaxed load that saw the flag before the value's read.
#include <atomic>
#include <thread>

#include "task.hpp"

void publish(config_box& box, int value) {
  box.value = value;
  std::atomic_thread_fence(std::memory_order_release);
  box.ready.store(true, std::memory_order_relaxed);
}

int read_when_ready(config_box& box) {
  while (!box.ready.load(std::memory_order_relaxed))
    std::this_thread::yield();
  std::atomic_thread_fence(std::memory_order_acquire);
  return box.value;
}
