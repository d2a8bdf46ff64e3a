// Wrong fix (memory order): the reader's acquire fence comes before the load
// that sees the flag, so it acquires nothing the writer released.
#include <atomic>
#include <thread>

#include "task.hpp"

void publish(config_box& box, int value) {
  box.value = value;
  std::atomic_thread_fence(std::memory_order_release);
  box.ready.store(true, std::memory_order_relaxed);
}

int read_when_ready(config_box& box) {
  std::atomic_thread_fence(std::memory_order_acquire);
  while (!box.ready.load(std::memory_order_relaxed))
    std::this_thread::yield();
  return box.value;
}

void post_result(result_board& board, int worker, int result) {
  board.result[worker].store(result, std::memory_order_relaxed);
  board.done.fetch_add(1, std::memory_order_release);
}

bool collect(result_board& board, int out[2]) {
  if (board.done.load(std::memory_order_acquire) != 2) return false;
  out[0] = board.result[0].load(std::memory_order_relaxed);
  out[1] = board.result[1].load(std::memory_order_relaxed);
  return true;
}
