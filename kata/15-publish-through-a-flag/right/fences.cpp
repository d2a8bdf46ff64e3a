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

// Part 2 with fences too: each worker's release fence before its relaxed
// increment; the collector's acquire fence after the relaxed load that saw 2
// (the increments form a release sequence, so both workers' fences count).
void post_result(result_board& board, int worker, int result) {
  board.result[worker].store(result, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_release);
  board.done.fetch_add(1, std::memory_order_relaxed);
}

bool collect(result_board& board, int out[2]) {
  if (board.done.load(std::memory_order_relaxed) != 2) return false;
  std::atomic_thread_fence(std::memory_order_acquire);
  out[0] = board.result[0].load(std::memory_order_relaxed);
  out[1] = board.result[1].load(std::memory_order_relaxed);
  return true;
}
