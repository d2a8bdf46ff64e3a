// Correct: the default order, seq_cst, is a release store and an acquire
// load (and more).
#include <atomic>
#include <thread>

#include "task.hpp"

void publish(config_box& box, int value) {
  box.value = value;
  box.ready.store(true);
}

int read_when_ready(config_box& box) {
  while (!box.ready.load())
    std::this_thread::yield();
  return box.value;
}

void post_result(result_board& board, int worker, int result) {
  board.result[worker].store(result);
  ++board.done;
}

bool collect(result_board& board, int out[2]) {
  if (board.done.load() != 2) return false;
  out[0] = board.result[0].load();
  out[1] = board.result[1].load();
  return true;
}
