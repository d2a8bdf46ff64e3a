// Wrong fix (a place given back twice): a guard gives the place back when
// the client leaves, "in case visit throws", and so does the line after
// visit: every client that leaves adds a place for good, and with three
// clients and one place the last two get in together.
#include <functional>
#include <mutex>
#include <semaphore>
#include <thread>
#include <vector>

#include "task.hpp"

void event::set() {
  {
    std::lock_guard<std::mutex> hold(m_);
    set_ = true;
  }
  cv_.notify_all();
}

void event::wait() {
  std::unique_lock<std::mutex> lock(m_);
  cv_.wait(lock, [this] { return set_; });
}

namespace {

// Gives a place back when it goes out of scope.
struct give_back {
  std::counting_semaphore<>& places;
  ~give_back() { places.release(); }
};

}  // namespace

void run_clients(int clients, int max_inside, event& start, const std::function<void(int)>& visit) {
  std::counting_semaphore<> places(max_inside);
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i) {
    threads.emplace_back([&, i] {
      start.wait();
      places.acquire();
      give_back guard{places};
      visit(i);
      places.release();
    });
  }
  for (auto& t : threads)
    t.join();
}
