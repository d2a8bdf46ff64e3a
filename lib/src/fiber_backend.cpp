// The fiber execution backend: the managed threads of a schedule are fibers
// on one OS thread the exploration has to itself (its carrier, kept for later
// explorations once this one ends: fiber_carrier.hpp), and a hand-off is
// a user-space context switch (Boost.Context's fcontext, tens of
// nanoseconds) instead of a futex wake-up of another OS thread.
//
// Guarantees, and how:
//  - The scheduler sees the same calls as with OS threads (execution_backend
//    .hpp): give() hands a turn over, await() returns once the caller's turn
//    was handed over. On the carrier, give() to a fiber notes it as the next
//    to run and await() switches to it; the switch happens only when the
//    giver awaits (or ends, or parks), so the scheduler's order of
//    operations is unchanged. The controller's turn is awaited in the
//    carrier's own context, which sees it only once the last fiber has
//    switched away: no schedule ends while a fiber runs on a stack that
//    end_schedule() hands back.
//  - ThreadSanitizer: every fiber is a TSan fiber (__tsan_create_fiber),
//    switched to with __tsan_switch_to_fiber_no_sync right before the
//    context switch, so TSan judges each managed thread as a thread of its
//    own and the switches add no happens-before edge, exactly as racelab's
//    futex hand-offs inside invisible scopes add none. All backend state is
//    touched with TSan ignoring the fiber (inside invisible scopes, or, on a
//    fiber's way in and out, between ignore_begin()/ignore_end()).
//  - Per-thread state that racelab's own code keeps in thread_locals
//    (tls_thread, tsan::runtime_depth) and the C++ runtime's exception state
//    (__cxa_get_globals: exceptions in flight and being handled) are saved
//    and restored at every switch, so each fiber has its own. The program's
//    own thread_locals cannot be: every fiber shares the carrier's
//    (shared_thread_storage() tells reports about them apart).
//  - AddressSanitizer is told of each stack switch
//    (__sanitizer_start_switch_fiber / __sanitizer_finish_switch_fiber).
//
// The controller's loop over schedules (run_controller()) runs on the
// carrier too, in its own context: starting T0 and waiting for the end of a
// schedule are switches, not OS hand-offs. The caller of explore() only
// watches for lack of progress, asleep on a futex between looks; the loop
// wakes it about 0.3 ms before its last schedule ends (schedules_left(), at
// the rate of its latest schedules), and it spins from then on (for 5 ms at
// most: a loop that runs on past its estimate gets the futex back), so that
// explore() returns without waiting for an OS wake-up (about 0.1 ms here, a
// tenth of an exploration of 1,000 schedules). Its looks stay 200 ms apart,
// woken early or not.
//
// Thread safety: the caller hands the carrier the loop and waits for its end
// (OS hand-offs, which order everything before them); everything else runs
// on the carrier, one context at a time. If the caller gives up on a stuck
// schedule (orphan()), it returns only once the loop can no longer touch its
// state: the loop has ended, or the carrier is inside a fiber and parks for
// ever when it comes back (in_fiber_ and orphaned_ are seq_cst, so one of
// the two sides sees the other).
//
// Why failure paths end: a fiber that parks switches to the next thread or
// to the carrier's own context; a fiber that spins for ever keeps the
// carrier, and the caller's watchdog abandons the schedule as with OS
// threads and stops waiting (above). The backend of an abandoned schedule is
// kept alive (explore.cpp) with its carrier and stacks: that carrier never
// goes back to the idle ones. Stacks are reused only when their fiber has
// ended.
#include <pthread.h>
#include <unistd.h>

#include <cxxabi.h>
#include <algorithm>
#include <boost/context/detail/fcontext.hpp>
#include <chrono>
#include <memory>
#include <new>
#include <thread>
#include <utility>
#include <vector>

#include "execution_backend.hpp"
#include "fiber_carrier.hpp"
#include "fiber_stacks.hpp"
#include "racelab/detail/runtime.hpp"
#include "tsan.hpp"

#if RACELAB_TSAN
#include <sanitizer/tsan_interface.h>
#endif

#if RACELAB_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {
namespace {

namespace fc = boost::context::detail;

// For the functions a fiber leaves for good by a switch (its first frame,
// its end, the switch itself): TSan keeps a shadow call stack per fiber, and
// the frames of functions that never return would pile up in it each time a
// TSan fiber is reused (fiber_stacks.hpp), making every later stack capture
// longer until it overflows. With Clang the whole file is uninstrumented
// (RACELAB_UNINSTRUMENTED_BEGIN, tsan.hpp), hooks included; with GCC, whose
// no_sanitize leaves the entry and exit hooks in, each fiber gets a fresh
// TSan fiber instead. Their own accesses are to backend state, which TSan
// must not see anyway.
#define RACELAB_NO_TSAN __attribute__((no_sanitize("thread")))

// libstdc++'s per-thread exception state (__cxa_eh_globals: the exceptions
// being handled, and how many are in flight), which each fiber needs its own
// of: std::uncaught_exceptions() and rethrow read it.
struct exception_state {
  void* caught = nullptr;
  unsigned int uncaught = 0;
};
exception_state& exception_globals() noexcept {
  return *reinterpret_cast<exception_state*>(abi::__cxa_get_globals());
}

// What a context keeps while another runs.
struct context_state {
  fc::fcontext_t context = nullptr;
  thread_record* thread = nullptr;  // tls_thread
  int runtime_depth = 0;            // tsan::runtime_depth
  exception_state exceptions{};
  void* tsan_fiber = nullptr;
  const void* stack_bottom = nullptr;  // for AddressSanitizer
  std::size_t stack_size = 0;
  void* fake_stack = nullptr;
};

class fiber_backend;
thread_local constinit fiber_backend* tls_carrier = nullptr;

class fiber final : public execution_context, public context_state {
 public:
  fiber(fiber_backend& backend, std::function<void()> entry, stack_memory stack)
      : backend_(backend), entry_(std::move(entry)), stack_(stack) {
    tsan_fiber = stack.tsan_fiber;
    fake_stack = stack.fake_stack;  // installed as it first arrives (arrived())
    stack_bottom = stack.base + stack.guard;
    stack_size = stack.size - stack.guard;
    context = fc::make_fcontext(stack.base + stack.size, stack_size, &trampoline);
  }

  std::thread::id id() const noexcept override {
    // libstdc++'s id wraps a native handle; the fiber's address is one no
    // OS thread has.
    return std::thread::id(reinterpret_cast<std::thread::native_handle_type>(this));
  }
  // Not an OS thread's: only racelab's model of pthread calls knows it.
  std::thread::native_handle_type native_handle() noexcept override {
    return reinterpret_cast<std::thread::native_handle_type>(this);
  }
  void reclaim() noexcept override;
  void abandon() noexcept override {}  // its stack stays with the abandoned schedule

  // Deleting a fiber (its thread record is renewed or destroyed) hands its
  // storage back to its backend for the next launch(): no allocation per
  // managed thread. The backend outlives its fibers (run_controlled()
  // declares it first; an abandoned one is never destroyed).
  static void operator delete(fiber* f, std::destroying_delete_t) noexcept;

  bool ended = false;

 private:
  RACELAB_NO_TSAN static void trampoline(fc::transfer_t from);

  fiber_backend& backend_;
  std::function<void()> entry_;
  stack_memory stack_;
};

class fiber_backend final : public execution_backend {
 public:
  fiber_backend() : carrier_(take_carrier()) {}

  // An abandoned backend is never destroyed. Otherwise the loop has ended
  // and the carrier is back in its own loop, or about to be; unless watch()
  // threw while it ran, and then it is not handed to another exploration.
  ~fiber_backend() override {
    tsan::invisible_scope quiet;
    if (!loop_running_) return_carrier(carrier_);
    retire_stacks(pool_);
    for (void* storage : spare_fibers_)
      ::operator delete(storage);
  }

  fiber_backend(const fiber_backend&) = delete;
  fiber_backend& operator=(const fiber_backend&) = delete;

  std::unique_ptr<execution_context> launch(turn& t, std::function<void()> entry) override {
    void* storage = nullptr;
    if (spare_fibers_.empty()) {
      storage = ::operator new(sizeof(fiber));
    } else {
      storage = spare_fibers_.back();
      spare_fibers_.pop_back();
    }
    std::unique_ptr<execution_context> f(new (storage)
                                             fiber(*this, std::move(entry), take_stack(pool_)));
    t.context = f.get();
    return f;
  }

  // The storage of a deleted fiber (fiber::operator delete).
  void keep_spare(void* storage) noexcept {
    tsan::invisible_scope quiet;
#if RACELAB_ASAN || RACELAB_TSAN
    // Freed: AddressSanitizer then sees a use after it, and ThreadSanitizer
    // forgets the accesses of the fiber that had it (as for thread records,
    // scheduler::run()).
    ::operator delete(storage);
#else
    spare_fibers_.push_back(storage);
#endif
  }

  // Every call comes from the carrier: explore()'s loop runs there too
  // (run_controller()).
  void give(turn& t) noexcept override {
    auto* to = static_cast<fiber*>(t.context);
    if (to == nullptr) {  // the controller's turn: it awaits in the carrier's own context
      give_os_turn(t);
      return;
    }
    t.word.store(1, std::memory_order_relaxed);
    next_ = to;
  }

  bool await(turn& t, std::chrono::milliseconds limit) noexcept override {
    if (tls_carrier != this) return spin_then_await(t, limit);
    context_state& self = *current_;
    while (t.word.load(std::memory_order_relaxed) != 1) {
      context_state& to = take_next();
      if (&to == &self) return false;  // nobody to run: the watchdog decides
      const bool leaving_main = &self == &main_;
      if (leaving_main) {
        // Everything the loop did happens-before a controller that stops
        // waiting for it now.
        if (tsan::enabled) tsan::release_from_scope(&entered_fiber_, false);
        in_fiber_.store(true);
      }
      switch_to(self, to, false);
      if (leaving_main) {
        in_fiber_.store(false);
        // The controller gave up on this exploration while the fibers ran:
        // its loop over schedules must not go on.
        if (orphaned_.load()) os_thread_backend().park_forever();
      }
    }
    t.word.store(0, std::memory_order_relaxed);
    return true;
  }

  bool run_controller(const std::function<void()>& controller, const std::function<bool()>& watch,
                      std::chrono::milliseconds poll) override {
    tsan::release(&controller_started_);  // what the caller did happens-before the loop
    {
      tsan::invisible_scope quiet;
      controller_ = &controller;
      error_ = nullptr;
      loop_running_ = true;
      ending_soon_.store(false, std::memory_order_relaxed);
      since_look_ = 0;
      last_look_ = {};
      carrier_->start(&run_controller_here, this);
    }
    using clock = std::chrono::steady_clock;
    auto next_look = clock::now() + poll;
    clock::time_point spin_until{};  // set once woken ahead of the end
    for (;;) {
      {
        tsan::invisible_scope quiet;
        const auto now = clock::now();
        const auto until_look =
            std::max(std::chrono::ceil<std::chrono::milliseconds>(next_look - now),
                     std::chrono::milliseconds(1));
        // Once the loop is about to end (schedules_left()), spinning: an OS
        // wake-up takes about 0.1 ms here, a tenth of 1,000 schedules. A
        // loop that runs on past its estimate (a slow last schedule, a stuck
        // one) gets the futex again after kSpinAfterWake.
        if (spin_until == clock::time_point{} && ending_soon_.load(std::memory_order_relaxed))
          spin_until = now + kSpinAfterWake;
        const bool spinning = spin_until != clock::time_point{} && now < spin_until;
        const auto limit = spinning ? std::min(until_look, kSpinAfterWake) : until_look;
        if (spinning
                ? spin_for(controller_done_, limit)
                : spin_then_await(controller_done_, limit,
                                  spin_until == clock::time_point{} ? &ending_soon_ : nullptr)) {
          break;
        }
      }
      // Woken ahead of the end, or done spinning: the watchdog's look (which
      // takes the scheduler's lock, a membarrier() for this thread) waits for
      // its time.
      const auto now = clock::now();
      if (now < next_look) continue;
      next_look = now + poll;
      bool abandoned = false;
      try {
        abandoned = watch();
      } catch (...) {
        // The watchdog could not judge this time (its report needs memory).
        // Leaving now would let the carrier run on over state the caller is
        // about to destroy: the loop runs on and the next poll looks again,
        // unless the exploration was orphaned before the throw.
        abandoned = orphaned_.load();
      }
      if (!abandoned) continue;
      // Abandoned (and orphaned): return once the loop cannot touch the
      // caller's state any more: it has ended, or the carrier is in a fiber
      // and parks when it comes back.
      if (orphaned_wait()) {
        tsan::acquire(&entered_fiber_);
        return true;
      }
      break;
    }
    loop_running_ = false;
    tsan::acquire(&controller_ended_);
    if (error_) std::rethrow_exception(error_);
    return true;
  }

  void orphan() noexcept override {
    orphaned_.store(true);
  }

  // On the carrier: wakes the caller once the schedules left would take
  // less than kWakeAhead at the rate of the latest kLookEvery.
  void schedules_left(long left) noexcept override {
    if (ending_soon_.load(std::memory_order_relaxed) || ++since_look_ < kLookEvery) return;
    since_look_ = 0;
    const auto now = std::chrono::steady_clock::now();
    // Schedules that fit in kWakeAhead at this rate, compared with `left`
    // (no product that could overflow).
    const auto per_schedule = std::max<std::chrono::nanoseconds>((now - last_look_) / kLookEvery,
                                                                 std::chrono::nanoseconds(1));
    const bool soon =
        last_look_ != std::chrono::steady_clock::time_point{} && left <= kWakeAhead / per_schedule;
    last_look_ = now;
    if (!soon) return;
    tsan::invisible_scope quiet;
    ending_soon_.store(true);
    wake_os_turn_waiter(controller_done_);
  }

  // After orphan(): true once the carrier is in a fiber (it parks when it
  // comes back), false once the loop has ended.
  bool orphaned_wait() noexcept {
    tsan::invisible_scope quiet;
    for (;;) {
      if (controller_done_.word.load(std::memory_order_acquire) == 1) {
        controller_done_.word.store(0, std::memory_order_relaxed);
        return false;
      }
      if (in_fiber_.load()) return true;
      std::this_thread::yield();
    }
  }

  [[noreturn]] void park_forever() noexcept override {
    if (tls_carrier != this) os_thread_backend().park_forever();
    context_state& self = *current_;
    for (;;) {  // nobody hands a parked thread its turn again
      context_state& to = take_next();
      switch_to(self, &to == &self ? main_ : to, false);
    }
  }

  bool thread_locals_per_context() const noexcept override {
    return false;
  }

  bool shared_thread_storage(const void* address) const noexcept override {
    // The carrier's stack mapping holds its static TLS block too (glibc
    // places it, and the thread descriptor, above the stack).
    const auto* p = static_cast<const char*>(address);
    return p >= carrier_low_ && p < carrier_high_;
  }

  // The end of the fiber running now: switch away for good.
  [[noreturn]] RACELAB_NO_TSAN void end_current() noexcept {
    tsan::ignore_begin();
    auto& self = static_cast<fiber&>(*current_);
    self.ended = true;
    switch_to(self, take_next(), true);
    __builtin_unreachable();
  }

  // The first thing a fiber runs (ignored by TSan): where it came from.
  void arrived(fc::transfer_t from) noexcept {
#if RACELAB_ASAN
    __sanitizer_finish_switch_fiber(current_->fake_stack, nullptr, nullptr);
#endif
    static_cast<context_state*>(from.data)->context = from.fctx;
  }

  context_state& current() const noexcept {
    return *current_;
  }
  const char* started() const noexcept {
    return carrier_->started();
  }

  // From the carrier's own context, where no fiber runs: the stack is free.
  void return_stack(stack_memory s) noexcept {
    if (tls_carrier == this && current_ == &main_) pool_.push_back(s);
  }

 private:
  context_state& take_next() noexcept {
    context_state* to = std::exchange(next_, nullptr);
    return to != nullptr ? *to : main_;
  }

  // On the carrier, with TSan ignoring `from` (which ends there if `ends`;
  // its ignores are then lifted right before the switch).
  RACELAB_NO_TSAN void switch_to(context_state& from, context_state& to, bool ends) noexcept {
    if (&from == &to) return;  // its saved context is stale: it is running
    exception_state& exceptions = *exceptions_;
    if (!ends) {
      from.thread = tls_thread;
      from.runtime_depth = tsan::runtime_depth;
      from.exceptions = exceptions;
    }
    tls_thread = to.thread;
    tsan::runtime_depth = to.runtime_depth;
    exceptions = to.exceptions;
    current_ = &to;
    const fc::fcontext_t target = to.context;
#if RACELAB_ASAN
    // Kept even when `from` ends: the next fiber on its stack takes it over
    // (reclaim(), fiber_stacks.hpp).
    __sanitizer_start_switch_fiber(&from.fake_stack, to.stack_bottom, to.stack_size);
#endif
#if RACELAB_TSAN
    void* const tsan_target = to.tsan_fiber;
    if (ends) tsan::ignore_end();  // a TSan fiber may not end with ignores left
    __tsan_switch_to_fiber(tsan_target, __tsan_switch_to_fiber_no_sync);
#endif
    const fc::transfer_t back = fc::jump_fcontext(target, &from);
    arrived(back);
  }

  // On the carrier, from its own loop (inside its invisible_scope): the
  // carrier is this backend's until it is returned. Then explore()'s loop
  // over schedules, as its caller would run it (visible to TSan), and the
  // caller is told.
  static void run_controller_here(void* self) noexcept {
    static_cast<fiber_backend*>(self)->run_controller_here();
  }
  void run_controller_here() noexcept {
    tls_carrier = this;
#if RACELAB_TSAN
    main_.tsan_fiber = __tsan_get_current_fiber();
#endif
    main_.stack_bottom = carrier_->low();
    main_.stack_size = static_cast<std::size_t>(carrier_->high() - carrier_->low());
    carrier_low_ = carrier_->low();
    carrier_high_ = carrier_->high();
    exceptions_ = &exception_globals();
    const std::function<void()>& controller = *std::exchange(controller_, nullptr);
    tsan::leave_invisible();
    tsan::acquire(&controller_started_);
    try {
      controller();
    } catch (...) {
      error_ = std::current_exception();
    }
    tsan::release(&controller_ended_);
    tsan::enter_invisible();
    give_os_turn(controller_done_);  // then only the futex wake-up on its address
  }

  context_state main_;  // the carrier's own context
  // The carrier's exception state (exception_globals(), a thread_local of
  // the C++ runtime: one lookup per loop instead of two per switch).
  exception_state* exceptions_ = nullptr;
  context_state* current_ = &main_;
  context_state* next_ = nullptr;
  std::vector<stack_memory> pool_;
  std::vector<void*> spare_fibers_;  // storage for fiber objects
  // run_controller(): the loop the carrier is to run, whether it runs it,
  // what it threw, and when it is done.
  const std::function<void()>* controller_ = nullptr;
  std::exception_ptr error_;
  turn controller_done_;
  char controller_started_ = 0;        // TSan: the caller's past, acquired by the loop
  char controller_ended_ = 0;          // TSan: the loop's past, acquired by the caller
  char entered_fiber_ = 0;             // TSan: the loop's past up to its latest schedule
  std::atomic<bool> in_fiber_{false};  // the loop waits for a schedule's fibers
  std::atomic<bool> orphaned_{false};  // the caller stopped waiting for the loop
  // schedules_left(): the caller was told the loop ends soon; the carrier's
  // latest look at the clock, and the schedules since.
  std::atomic<bool> ending_soon_{false};
  std::chrono::steady_clock::time_point last_look_;
  int since_look_ = 0;
  static constexpr int kLookEvery = 16;
  static constexpr auto kWakeAhead = std::chrono::microseconds(300);
  static constexpr auto kSpinAfterWake = std::chrono::milliseconds(5);
  bool loop_running_ = false;  // the caller's view: started, end not seen
  const char* carrier_low_ = nullptr;
  const char* carrier_high_ = nullptr;
  fiber_carrier* const carrier_;
};

RACELAB_NO_TSAN void fiber::trampoline(fc::transfer_t from) {
  tsan::ignore_begin();
  fiber_backend& backend = *tls_carrier;
  backend.arrived(from);
  std::function<void()>& entry = static_cast<fiber&>(backend.current()).entry_;
  const char* started = backend.started();
  tsan::ignore_end();
  tsan::acquire(started);
  entry();
  backend.end_current();
}

void fiber::operator delete(fiber* f, std::destroying_delete_t) noexcept {
  fiber_backend& backend = f->backend_;
  std::destroy_at(f);
  backend.keep_spare(f);
}

void fiber::reclaim() noexcept {
  if (!ended || stack_.base == nullptr) return;
  stack_.fake_stack = fake_stack;
  backend_.return_stack(std::exchange(stack_, stack_memory{}));
}

}  // namespace

std::unique_ptr<execution_backend> make_fiber_backend() {
  return std::make_unique<fiber_backend>();
}

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
