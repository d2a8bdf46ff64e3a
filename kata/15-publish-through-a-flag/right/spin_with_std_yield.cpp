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
