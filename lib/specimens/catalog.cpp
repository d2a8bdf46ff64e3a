#include <algorithm>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <utility>

#include "specimens.hpp"

namespace racelab {

std::string_view to_string(bug_class c) noexcept {
  switch (c) {
    case bug_class::data_race:
      return "data race";
    case bug_class::atomicity_violation:
      return "atomicity violation";
    case bug_class::order_violation:
      return "order violation";
    case bug_class::deadlock:
      return "deadlock";
    case bug_class::lost_wakeup:
      return "lost wake-up";
    case bug_class::misuse:
      return "misuse";
    case bug_class::memory_order:
      return "memory order";
  }
  return "unknown";
}

const variant* specimen::find(std::string_view variant_name) const {
  for (const variant& v : variants) {
    if (v.name == variant_name) return &v;
  }
  return nullptr;
}

const std::vector<specimen>& catalog() {
  static const std::vector<specimen> all = {
      specimens::counter(),          specimens::bank_transfer(),
      specimens::lock_order_cycle(), specimens::interest_update(),
      specimens::self_deadlock(),    specimens::lazy_init(),
      specimens::bounded_queue(),    specimens::flag_publication(),
      specimens::bounded_workers(),  specimens::dining_philosophers(),
      specimens::peterson(),         specimens::dekker(),
      specimens::spsc_ring(),        specimens::relaxed_dcl(),
      specimens::refcount(),         specimens::event(),
      specimens::future_exception(), specimens::as_completed(),
      specimens::thread_pool(),      specimens::pipeline(),
  };
  return all;
}

const specimen* find_specimen(std::string_view name) {
  for (const specimen& s : catalog()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

namespace specimens {

variant memory_order_bug(std::string name, std::function<void(const workload&)> body, int budget) {
  variant v = memory_order_fix(std::move(name), std::move(body));
  v.racy = true;
  v.kind = bug_class::memory_order;
  v.harness_flags = {Failure::check};
  v.budget = budget;
  return v;
}

variant memory_order_fix(std::string name, std::function<void(const workload&)> body,
                         std::string bounded_because) {
  variant v;
  v.name = std::move(name);
  v.bounded_because = std::move(bounded_because);
  v.memory_model = MemoryModel::rc11;
  v.body = std::move(body);
  return v;
}

}  // namespace specimens

void run_workers(const workload& w, int count, const std::function<void(int)>& worker) {
  // In a plain run a broken invariant throws std::logic_error (racelab::check
  // outside an exploration); carried to the caller instead of terminating.
  std::exception_ptr broken;
  racelab::mutex broken_mutex;
  auto guarded = [&](int i) {
    if (racelab::exploring()) return worker(i);
    try {
      worker(i);
    } catch (const std::logic_error&) {
      std::lock_guard<racelab::mutex> hold(broken_mutex);
      broken = std::current_exception();
    }
  };
  std::vector<racelab::thread> threads;
  for (int i = 0; i < count; ++i) {
    threads.emplace_back(guarded, i);
    if (w.serial) threads.back().join();
  }
  for (auto& t : threads) {
    if (t.joinable()) t.join();
  }
  if (broken) std::rethrow_exception(broken);
}

}  // namespace racelab
