#include "perturber.hpp"

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>

#include "location_text.hpp"
#include "scheduler.hpp"
#include "tsan.hpp"

namespace racelab::detail {
namespace {

perturber* g_perturber = nullptr;

// splitmix64: a small, well-mixed generator; one state word per thread.
std::uint64_t next_random(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace

perturber* active_perturber() noexcept {
  return g_perturber;
}
void set_active_perturber(perturber* p) noexcept {
  g_perturber = p;
}

perturber::perturber(std::uint64_t seed, execution_backend& backend, lock_order_graph& lock_order,
                     std::chrono::milliseconds stuck_after)
    : seed_(seed), backend_(backend), lock_order_(lock_order), stuck_after_(stuck_after) {}

perturber::~perturber() = default;

void perturber::run(const std::function<void()>& body, int schedule_number) {
  {
    tsan::invisible_scope quiet;
    std::lock_guard<spin_lock> g(lock_);
    threads_.clear();
    names_.clear();
    failure_ = Failure::none;
    message_.clear();
    schedule_ = schedule_number;
    auto t0 = std::make_unique<thread_record>();
    t0->rng = seed_ ^ (static_cast<std::uint64_t>(schedule_number) << 32);
    threads_.push_back(std::move(t0));
  }
  thread_record& self = *threads_.front();
  tls_thread = &self;
  try {
    body();
  } catch (const abort_schedule&) {
  } catch (const std::exception& e) {
    fail(Failure::exception, "uncaught exception in T0: " + std::string(e.what()));
  } catch (...) {
    fail(Failure::exception, "uncaught exception in T0 (not derived from std::exception)");
  }
  tls_thread = nullptr;
  next_schedule_serial();  // racelab::thread handles of this schedule go stale
  tsan::invisible_scope quiet;
  std::lock_guard<spin_lock> g(lock_);
  for (const auto& t : threads_) {
    if (t.get() != &self && !t->released && failure_ == Failure::none) {
      failure_ = Failure::misuse;
      message_ = thread_name(t->number) + " was still joinable when the test body returned";
    }
  }
  if (failure_ == Failure::none) {
    if (auto cycle = lock_order_.find_cycle()) {
      failure_ = Failure::lock_order_inversion;
      message_ =
          "lock-order inversion: these mutexes are taken in a cycle, so some schedule "
          "can deadlock:\n  " +
          lock_order_graph::describe(*cycle);
    }
  }
}

void perturber::delay(thread_record& self) {
  const std::uint64_t r = next_random(self.rng);
  switch (r % 8) {
    case 0:
    case 1:
    case 2:
      return;  // no delay
    case 3:
    case 4:
      std::this_thread::yield();
      return;
    case 5:
    case 6:
      for (std::uint64_t i = 0, n = (r >> 8) % 2000; i < n; ++i) {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
      }
      return;
    default:
      std::this_thread::sleep_for(std::chrono::microseconds(1 + (r >> 8) % 20));
  }
}

std::string perturber::mutex_name(const void* m, object_tag tag) {
  for (const auto& [address, name] : names_) {
    if (address == m) return name;
  }
  names_.emplace_back(
      m, tag.name != nullptr ? tag.name : "mutex#" + std::to_string(names_.size() + 1));
  return names_.back().second;
}

void perturber::before_lock(thread_record& self, const void* m, object_tag tag,
                            source_location loc) {
  delay(self);
  tsan::invisible_scope quiet;
  std::lock_guard<spin_lock> g(lock_);
  const std::string to = mutex_name(m, tag);
  for (const auto& h : self.held) {
    if (h.mutex == m) continue;
    const std::string from = mutex_name(h.mutex, {tag.kind, nullptr});
    lock_order_.add("@" + std::to_string(reinterpret_cast<std::uintptr_t>(h.mutex)),
                    "@" + std::to_string(reinterpret_cast<std::uintptr_t>(m)),
                    {from, to, self.number, h.at, loc, schedule_});
  }
  self.held.push_back({m, loc});
}

void perturber::before_unlock(thread_record& self, const void* m) {
  const auto h = std::find_if(self.held.rbegin(), self.held.rend(),
                              [m](const thread_record::held_lock& l) { return l.mutex == m; });
  if (h != self.held.rend()) self.held.erase(std::next(h).base());
  delay(self);
}

thread_record* perturber::spawn(thread_record& self, std::function<void()> fn) {
  delay(self);
  thread_record* t = nullptr;
  {
    tsan::invisible_scope quiet;
    std::lock_guard<spin_lock> g(lock_);
    auto owned = std::make_unique<thread_record>();
    t = owned.get();
    t->number = static_cast<int>(threads_.size());
    t->fn = std::move(fn);
    t->rng = next_random(self.rng) ^ static_cast<std::uint64_t>(t->number);
    threads_.push_back(std::move(owned));
  }
  tsan::release(&t->start_token);
  tsan::invisible_scope quiet;
  backend_.launch([this, t] { entry(*t); });
  return t;
}

void perturber::entry(thread_record& self) {
  tls_thread = &self;
  tsan::acquire(&self.start_token);
  try {
    self.fn();
  } catch (const abort_schedule&) {
  } catch (const std::exception& e) {
    fail(Failure::exception, "uncaught exception in " + thread_name(self.number) + ": " + e.what());
  } catch (...) {
    fail(Failure::exception, "uncaught exception in " + thread_name(self.number));
  }
  self.fn = nullptr;
  tls_thread = nullptr;
  tsan::release(&self.finish_token);
  tsan::invisible_scope quiet;
  std::atomic_ref<bool>(self.finished).store(true, std::memory_order_release);
  backend_.give(self.slot);  // wakes the joiner, if it sleeps
}

void perturber::join(thread_record& self, thread_record* target) {
  if (target == nullptr || target == &self) {
    fail(Failure::misuse, thread_name(self.number) +
                              (target ? " joins itself" : " joins a thread that is not joinable"));
    throw abort_schedule{};
  }
  delay(self);
  {
    tsan::invisible_scope quiet;
    const auto give_up = std::chrono::steady_clock::now() + stuck_after_;
    while (!std::atomic_ref<bool>(target->finished).load(std::memory_order_acquire)) {
      backend_.await(target->slot, std::chrono::milliseconds(100));
      if (std::chrono::steady_clock::now() > give_up) {
        abandoned_ = true;
        fail(Failure::deadlock, thread_name(self.number) + " waited " +
                                    std::to_string(stuck_after_.count()) + " ms for " +
                                    thread_name(target->number) +
                                    " to finish: probably a deadlock (a perturb run cannot "
                                    "unwind it; explore with pct or dfs to see the interleaving)");
        target->released = true;
        throw abort_schedule{};
      }
    }
    target->released = true;
  }
  tsan::acquire(&target->finish_token);
}

void perturber::detach(thread_record& self, thread_record* target) {
  target->released = true;
  fail(Failure::misuse,
       thread_name(self.number) + " detaches " + thread_name(target->number) + ": join it instead");
}

void perturber::check_failed(thread_record& self, const char* what, source_location loc) {
  fail(Failure::check, "check failed in " + thread_name(self.number) + location_suffix(loc) + ": " +
                           (what != nullptr ? what : ""));
  throw abort_schedule{};
}

void perturber::fail(Failure kind, std::string message) {
  tsan::invisible_scope quiet;
  std::lock_guard<spin_lock> g(lock_);
  if (failure_ == Failure::none) {
    failure_ = kind;
    message_ = std::move(message);
  }
}

}  // namespace racelab::detail
