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

constexpr auto kPerturbPoll = std::chrono::milliseconds(100);

perturber* g_perturber = nullptr;

// splitmix64: a small, well-mixed generator; one state word per thread.
std::uint64_t next_random(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

bool is_finished(const thread_record& t) {
  return std::atomic_ref<const bool>(t.finished).load(std::memory_order_acquire);
}

}  // namespace

perturber* active_perturber() noexcept {
  return g_perturber;
}
void set_active_perturber(perturber* p) noexcept {
  g_perturber = p;
}

perturber::perturber(std::uint64_t seed, execution_backend& backend,
                     std::chrono::milliseconds stuck_after)
    : seed_(seed), backend_(backend), stuck_after_(stuck_after) {}

perturber::~perturber() = default;

void perturber::run(const std::function<void()>& body, int schedule_number) {
  thread_record* t0 = nullptr;
  {
    tsan::invisible_scope quiet;
    std::lock_guard<spin_lock> g(lock_);
    threads_.clear();
    mutexes_.clear();
    lock_order_.clear();
    failure_ = Failure::none;
    message_.clear();
    done_.word.store(0, std::memory_order_relaxed);
    auto record = std::make_unique<thread_record>();
    record->perturb = this;
    record->rng = seed_ ^ (static_cast<std::uint64_t>(schedule_number) << 32);
    record->body = make_thread_body([&body] { body(); });
    t0 = record.get();
    threads_.push_back(std::move(record));
  }
  tsan::release(&t0->start_token);
  {
    tsan::invisible_scope quiet;
    t0->context = backend_.launch(t0->slot, [this, t0] { entry(*t0); });
    auto since = std::chrono::steady_clock::now();
    long seen = -1;
    while (!backend_.await(done_, kPerturbPoll)) {
      const auto now = std::chrono::steady_clock::now();
      if (const long p = progress_.load(std::memory_order_relaxed); p != seen) {
        seen = p;
        since = now;
      } else if (now - since >= stuck_after_) {
        fail(Failure::deadlock,
             "no thread reached a scheduling point for " + std::to_string(stuck_after_.count()) +
                 " ms: probably a deadlock in the threads' real mutexes (a perturb run cannot "
                 "undo it; explore with pct or dfs to see the interleaving). The threads were "
                 "left behind");
        abandoned_.store(true);
        break;
      }
    }
  }
  std::vector<thread_record*> finished;
  {
    tsan::invisible_scope quiet;
    std::lock_guard<spin_lock> g(lock_);
    for (const auto& t : threads_) {
      if (is_finished(*t)) {
        finished.push_back(t.get());
      } else if (t->context) {
        t->context->abandon();
      }
    }
  }
  {
    tsan::invisible_scope quiet;
    for (thread_record* t : finished)
      t->context->reclaim();
  }
  for (thread_record* t : finished)
    tsan::acquire(&t->finish_token);
  next_schedule_serial();  // racelab::thread handles of this run go stale
  tsan::invisible_scope quiet;
  std::lock_guard<spin_lock> g(lock_);
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

void perturber::park_if_abandoned() {
  tsan::invisible_scope quiet;
  if (abandoned_.load(std::memory_order_relaxed)) backend_.park_forever();
}

void perturber::delay(thread_record& self) {
  {
    tsan::invisible_scope quiet;
    progress_.fetch_add(1, std::memory_order_relaxed);
  }
  park_if_abandoned();
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

int perturber::mutex_serial(const void* m, object_tag tag) {
  for (std::size_t i = 0; i < mutexes_.size(); ++i) {
    if (mutexes_[i].address == m) return static_cast<int>(i) + 1;
  }
  std::string name =
      tag.name != nullptr ? tag.name : "mutex#" + std::to_string(mutexes_.size() + 1);
  mutexes_.push_back({m, std::move(name)});
  return static_cast<int>(mutexes_.size());
}

std::string perturber::mutex_name(int serial) const {
  return mutexes_[static_cast<std::size_t>(serial - 1)].name;
}

void perturber::object_destroyed(const void* object) {
  tsan::invisible_scope quiet;
  std::lock_guard<spin_lock> g(lock_);
  for (auto& m : mutexes_) {
    if (m.address == object) m.address = nullptr;  // a later object here is another mutex
  }
}

void perturber::before_lock(thread_record& self, const void* m, object_tag tag,
                            source_location loc) {
  delay(self);
  tsan::invisible_scope quiet;
  std::lock_guard<spin_lock> g(lock_);
  const int to = mutex_serial(m, tag);
  std::vector<int> held;
  for (const auto& h : self.held)
    held.push_back(mutex_serial(h.mutex, {tag.kind, nullptr}));
  for (const auto& h : self.held) {
    if (h.mutex == m) continue;
    const int from = mutex_serial(h.mutex, {tag.kind, nullptr});
    lock_order_.add(from, to, {mutex_name(from), mutex_name(to), self.number, h.at, loc, held});
  }
  self.held.push_back({m, loc});
}

void perturber::before_unlock(thread_record& self, const void* m) {
  const auto h = std::find_if(self.held.rbegin(), self.held.rend(),
                              [m](const thread_record::held_lock& l) { return l.mutex == m; });
  if (h != self.held.rend()) self.held.erase(std::next(h).base());
  delay(self);
}

thread_record* perturber::spawn(thread_record& self, std::unique_ptr<thread_body> fn) {
  delay(self);
  thread_record* t = nullptr;
  {
    tsan::invisible_scope quiet;
    std::lock_guard<spin_lock> g(lock_);
    auto owned = std::make_unique<thread_record>();
    t = owned.get();
    t->perturb = this;
    t->number = static_cast<int>(threads_.size());
    t->body = std::move(fn);
    t->rng = next_random(self.rng) ^ static_cast<std::uint64_t>(t->number);
    threads_.push_back(std::move(owned));
  }
  tsan::release(&t->start_token);
  tsan::invisible_scope quiet;
  std::lock_guard<spin_lock> g(lock_);
  t->context = backend_.launch(t->slot, [this, t] { entry(*t); });
  return t;
}

void perturber::entry(thread_record& self) {
  finish_at_exit(self);  // the finish runs after the program's thread_locals
  park_if_abandoned();
  tls_thread = &self;
  tsan::acquire(&self.start_token);
  try {
    self.body->run();
  } catch (const abort_schedule&) {
  } catch (const std::exception& e) {
    fail(Failure::exception, "uncaught exception in " + thread_name(self.number) + ": " + e.what());
  } catch (...) {
    fail(Failure::exception, "uncaught exception in " + thread_name(self.number));
  }
  self.body.reset();
}

void perturber::finish(thread_record& self) {
  tls_thread = nullptr;
  tsan::release(&self.finish_token);
  tsan::invisible_scope quiet;
  progress_.fetch_add(1, std::memory_order_relaxed);
  std::lock_guard<spin_lock> g(lock_);
  std::atomic_ref<bool>(self.finished).store(true, std::memory_order_release);
  backend_.give(self.slot);  // wakes the joiner, if it sleeps
  const bool all =
      std::all_of(threads_.begin(), threads_.end(), [](const auto& t) { return is_finished(*t); });
  if (all) backend_.give(done_);
}

void perturber::join(thread_record& self, thread_record* target) {
  if (target == nullptr || target == &self) {
    fail(Failure::misuse, thread_name(self.number) +
                              (target ? " joins itself" : " joins a thread that is not joinable"));
    return;
  }
  delay(self);
  {
    tsan::invisible_scope quiet;
    while (!is_finished(*target)) {
      backend_.await(target->slot, kPerturbPoll);
      park_if_abandoned();
    }
    target->released = true;
  }
  tsan::acquire(&target->finish_token);
}

void perturber::detach(thread_record& self, thread_record* target) {
  fail(Failure::misuse,
       thread_name(self.number) + " detaches " + thread_name(target->number) + ": join it instead");
  join(self, target);  // so that no thread outlives the body's objects
}

void perturber::check_failed(thread_record& self, const char* what, source_location loc) {
  fail(Failure::check, "check failed in " + thread_name(self.number) + location_suffix(loc) + ": " +
                           (what != nullptr ? what : ""));
  if (std::uncaught_exceptions() == 0) throw abort_schedule{};
  backend_.park_forever();  // throwing while unwinding would call std::terminate
  __builtin_unreachable();
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
