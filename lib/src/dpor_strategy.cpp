// dpor: dynamic partial-order reduction. Source-set DPOR with sleep sets
// (Abdulla, Aronis, Jonsson, Sagonas, "Optimal Dynamic Partial Order
// Reduction", POPL 2014, Algorithm 1), run statelessly as dfs is.
//
// Two schedules are equivalent when one turns into the other by swapping
// adjacent independent steps (step_access.hpp); equivalent schedules end in
// the same state, with the same failures. dpor runs at least one schedule of
// every class, and mostly only one:
//  - The schedule is a stack of decisions, as in dfs. A thread decision
//    keeps the threads offered there, what each one's next step touches,
//    its backtrack set (threads still to be run from there), the threads
//    already run from there, and its sleep set.
//  - As each step runs, its happens-before is tracked with vector clocks
//    (a step follows its thread's earlier steps, the steps it depends on,
//    and, for a thread's first step, its spawn). A step e' of thread p races
//    with an earlier step e of another thread when they are dependent and
//    nothing else orders e before e'. For each race, v is the part of the
//    schedule after e that does not depend on e, followed by e'; some thread
//    that can start v (an initial of v) must be run right before e. When
//    none of v's initials is in the backtrack set there, one is added (p
//    itself when it can).
//  - Sleep sets: after running thread q from a decision, q is put to sleep
//    for the later branches there, and stays asleep in a branch as long as
//    the steps taken there are independent of q's next step; a sleeping
//    thread is never run. A schedule in which every offered thread sleeps
//    is redundant (its class was run): it is run to its end (threads are
//    real and must finish) but adds no branches.
//  - choose() answers (a spurious wake-up, which waiter, which store a load
//    reads under the memory model) are enumerated in full, as dfs does.
// Conservative fallbacks keep it sound where the theory's assumptions do
// not hold exactly: when a race asks for an initial that is not offered
// there (fairness left it out), every offered thread is added.
//
// With a preemption bound b (bounded partial-order reduction: Coons,
// Musuvathi, McKinley, OOPSLA 2013), only branches within b preemptions are
// run, counted as dfs counts them (switching away from a thread that could
// go on, or an unusual answer of a choice). The bound makes steps dependent
// that are not: a race whose reversal is out of bound at its own decision
// may be in bound from an earlier one. So every race also adds its thread,
// conservatively, at the latest decision before the racing step where a
// switch costs nothing the schedule did not already pay: where the thread
// changed, or where any thread may run for free (after a yield).
// Sleep sets are off under a bound: a thread asleep after an independent
// step (its start, say) stays asleep past the steps its later ones depend
// on, and the branch that put it to sleep may have been cut by the bound,
// so a behaviour within the bound is lost (RapidCheck found such programs).
// Coons et al. prove the rules for classic DPOR; for this source-set
// variant with yields, choices and fairness they are checked, not proven:
// the property test in tests/lib/dpor_test.cpp checks on generated
// programs (2-3 threads, bounds 0-2) that bounded dpor reaches every final
// state bounded dfs reaches, and fails when either rule is dropped. Without
// sleep sets a large bound can run more schedules than unbounded dpor: a
// bound is for tests too big for that.
//
// Termination: every schedule has at most max_steps steps and each decision
// at most as many branches as it has threads or answers, so the tree is
// finite, and every begin_schedule() either takes an untried branch (never
// taken again) or pops a decision.
#include <algorithm>
#include <string>
#include <unordered_map>

#include "strategy.hpp"
#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {
namespace {

bool contains(const std::vector<int>& v, int x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

int at(const std::vector<int>& clock, int thread) {
  return static_cast<std::size_t>(thread) < clock.size() ? clock[static_cast<std::size_t>(thread)]
                                                         : 0;
}

void join_into(std::vector<int>& into, const std::vector<int>& from) {
  if (into.size() < from.size()) into.resize(from.size(), 0);
  for (std::size_t i = 0; i < from.size(); ++i)
    into[i] = std::max(into[i], from[i]);
}

class dpor_strategy final : public strategy {
 public:
  explicit dpor_strategy(int bound) : bound_(bound) {}

  bool begin_schedule() override {
    depth_ = 0;
    events_.clear();
    history_.clear();
    clocks_.assign(1, {});
    blocked_ = false;
    running_ = -1;
    next_sleep_.clear();
    if (!started_) {
      started_ = true;
      shards_.assigned = false;
      return true;
    }
    while (!stack_.empty()) {
      decision& d = stack_.back();
      if (shards_.foreign(d.level)) {
        stack_.pop_back();
        continue;
      }
      if (!d.forced && d.choice && d.taken + 1 < d.count && within(d, d.taken + 1)) {
        ++d.taken;
        if (!shards_.take_branch(d.level)) continue;
        return true;
      }
      if (!d.forced && !d.choice) {
        const auto next = std::find_if(d.backtrack.begin(), d.backtrack.end(), [&](int q) {
          return !contains(d.done, q) && !contains(d.sleep, q) && within(d, q);
        });
        if (next != d.backtrack.end()) {
          d.done.push_back(*next);  // done here even when another shard runs it
          d.taken = *next;
          if (!shards_.take_branch(d.level)) continue;
          return true;
        }
      }
      stack_.pop_back();
    }
    exhausted_ = true;
    return false;
  }

  void shard(int total, int index) override {
    shards_.total = total;
    shards_.index = index;
  }
  bool counted() const override { return shards_.owned; }
  void end_schedule(int) override { shards_.end_schedule(); }

  bool wants_steps() const override { return true; }
  void observe(const std::vector<pending_step>& threads) override { seen_ = threads; }

  int pick(const std::vector<int>& offered, int previous, bool yielded) override {
    const std::vector<int> order = preference_order(offered, previous, yielded);
    int taken = 0;
    if (depth_ < stack_.size()) {
      const decision& d = stack_[depth_];
      if (d.choice || d.offered != order) {
        throw nondeterminism{"at step " + std::to_string(events_.size() + 1) +
                             " the enabled threads differ from an earlier run of the same "
                             "schedule prefix"};
      }
      taken = d.taken;
    } else {
      decision d;
      d.offered = order;
      d.free = !yielded && order.front() == previous ? previous : -1;
      d.preemptions_before = preemptions_at(depth_);
      d.threads = seen_;
      d.sleep = next_sleep_;
      d.forced = blocked_;
      d.level = level_here() + (order.size() >= 2 ? 1 : 0);
      // (Under a bound nobody sleeps, and order.front() costs nothing.)
      const auto awake =
          std::find_if(order.begin(), order.end(), [&](int t) { return !contains(d.sleep, t); });
      if (awake == order.end()) {
        blocked_ = true;  // every offered thread sleeps: this class was run
        d.forced = true;
      }
      taken = awake == order.end() ? order.front() : *awake;
      d.taken = taken;
      d.backtrack = {taken};
      d.done = {taken};
      if (split_here(d)) d.backtrack = order;  // every branch, whatever races show
      if (order.size() >= 2) shards_.reached(d.level);
      stack_.push_back(std::move(d));
    }
    const std::size_t here = depth_++;
    const decision& d = stack_[here];
    next_sleep_.clear();
    for (const std::vector<int>* from : {&d.sleep, &d.done}) {
      if (bound_ >= 0) break;  // no sleep sets under a bound (the top of the file)
      for (int q : *from) {
        if (q != taken && !contains(next_sleep_, q) && !dependent(access(d, q), access(d, taken)))
          next_sleep_.push_back(q);
      }
    }
    run_step(taken, here);
    running_ = taken;
    return taken;
  }

  int choose(int count) override {
    if (depth_ < stack_.size()) {
      const decision& d = stack_[depth_];
      if (!d.choice || d.count != count) {
        throw nondeterminism{"at step " + std::to_string(events_.size()) +
                             " a choice differs from an earlier run of the same schedule prefix"};
      }
      ++depth_;
      return d.taken;
    }
    decision d;
    d.choice = true;
    d.count = count;
    d.preemptions_before = preemptions_at(depth_);
    d.forced = blocked_;
    d.level = level_here() + 1;
    shards_.reached(d.level);
    stack_.push_back(std::move(d));
    ++depth_;
    return 0;
  }

  void thread_created(int thread) override {
    const auto t = static_cast<std::size_t>(thread);
    if (clocks_.size() <= t) clocks_.resize(t + 1);
    // Its first step follows the spawn, which the spawning thread runs.
    if (running_ >= 0) clocks_[t] = clocks_[static_cast<std::size_t>(running_)];
  }

  bool exhausted() const override { return exhausted_; }

  std::string describe() const override {
    return bound_ < 0 ? "dpor" : "dpor, preemption bound " + std::to_string(bound_);
  }

 private:
  // Sharding (prefix_shards, strategy.hpp). So that no shard needs
  // another's races, a sharded search runs every branch of the decisions
  // above the split level (as dfs would) and reduces below them: sound, and
  // the shards together may run a few more schedules than one process
  // would (equivalent ones in different shards).
  template <class Decision>
  bool split_here(const Decision& d) const {
    return shards_.sharded() && !d.forced && d.offered.size() >= 2 &&
           d.level <= prefix_shards::kLevel;
  }
  int level_here() const { return depth_ == 0 ? 0 : stack_[depth_ - 1].level; }

  struct decision {
    int level = 0;               // branching decisions from the root to here, this one included
    bool choice = false;         // a choose(): its answers are all run
    int count = 0;               // a choice: how many answers
    int taken = 0;               // the thread run (or the answer taken) in the current schedule
    bool forced = false;         // in a redundant schedule, past its block: no branches
    int free = -1;               // the thread that may go on without a preemption, if any
    int preemptions_before = 0;  // on the path to here (dfs's count)
    std::vector<int> offered;    // in preference order
    std::vector<pending_step> threads;  // every thread's next step here
    std::vector<int> backtrack;         // threads to run from here
    std::vector<int> done;              // threads run from here, in order (taken last)
    std::vector<int> sleep;             // threads not to run from here
  };
  struct event {
    int thread = 0;
    int index = 0;       // 1-based, among its thread's steps
    std::size_t at = 0;  // its decision in stack_
    step_access access;
    std::vector<int> clock;  // per thread: its steps that happen before this one, or are it
  };

  // What taking `option` (a thread, or a choice's answer) at `d` costs
  // against the bound: as dfs counts it.
  static int cost(const decision& d, int option) {
    if (d.choice) return option != 0 ? 1 : 0;
    return d.free >= 0 && option != d.free ? 1 : 0;
  }
  bool within(const decision& d, int option) const {
    return bound_ < 0 || d.preemptions_before + cost(d, option) <= bound_;
  }
  int preemptions_at(std::size_t depth) const {
    if (depth == 0) return 0;
    const decision& d = stack_[depth - 1];
    return d.preemptions_before + cost(d, d.taken);
  }

  static step_access access(const decision& d, int thread) {
    const auto t = static_cast<std::size_t>(thread);
    return t < d.threads.size() ? d.threads[t].next : step_access{};
  }

  // Thread `p` runs the step of decision `here`: its races with earlier
  // steps add branches; then its clock advances.
  void run_step(int p, std::size_t here) {
    const auto pi = static_cast<std::size_t>(p);
    if (clocks_.size() <= pi) clocks_.resize(pi + 1);
    event e;
    e.thread = p;
    e.at = here;
    e.access = pi < seen_.size() ? seen_[pi].next : step_access{};
    e.clock = clocks_[pi];
    if (e.clock.size() <= pi) e.clock.resize(pi + 1, 0);
    e.index = e.clock[pi] + 1;
    const std::vector<int> before = e.clock;
    std::vector<const void*> keys = {e.access.object, e.access.second, &kEverything};
    if (e.access.global) keys.push_back(&kGlobal);
    if (e.access.everything) keys.push_back(&kAny);
    // Calls f(index) for thread q's steps that e depends on and that are not
    // e's past already, latest first, per history e's access can conflict
    // in; f returns false to stop that history.
    const auto dependencies = [&](std::size_t q, const auto& f) {
      for (const void* key : keys) {
        const auto h = history_.find(key);
        if (key == nullptr || h == history_.end() || h->second.size() <= q) continue;
        const std::vector<std::size_t>& steps = h->second[q];
        for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
          const event& o = events_[*it];
          if (!dependent(o.access, e.access)) continue;
          if (at(before, o.thread) >= o.index) break;  // it and all before it: e's past already
          if (!f(*it)) break;
        }
      }
    };
    // Per other thread, its latest step e depends on: e happens after it.
    std::vector<int> latest(clocks_.size(), -1);
    for (std::size_t q = 0; q < clocks_.size(); ++q) {
      if (q == pi) continue;
      dependencies(q, [&](std::size_t i) {
        latest[q] = std::max(latest[q], static_cast<int>(i));
        return false;
      });
      if (latest[q] >= 0) join_into(e.clock, events_[static_cast<std::size_t>(latest[q])].clock);
    }
    // Per other thread q, its latest step that races with e: one e depends
    // on and that may be enabled beside it, not ordered before e through
    // another of e's dependencies (another thread's, or a later one of q's:
    // an unlock before this lock), except an earlier taking of the mutex e
    // waits to take (a lock, a reacquire, a try_lock), which e could have
    // preceded. Deciding against every dependency at once keeps the answer
    // independent of the order threads are numbered in.
    std::vector<std::size_t> racing;
    const void* wanted = e.access.acquires;
    for (std::size_t q = 0; q < clocks_.size(); ++q) {
      if (q == pi || latest[q] < 0) continue;
      std::vector<int> others = before;
      for (std::size_t r = 0; r < clocks_.size(); ++r) {
        if (r != q && r != pi && latest[r] >= 0)
          join_into(others, events_[static_cast<std::size_t>(latest[r])].clock);
      }
      int candidate = -1;
      dependencies(q, [&](std::size_t i) {
        const event& o = events_[i];
        const bool ordered = at(others, o.thread) >= o.index || static_cast<int>(i) < latest[q];
        // (Not a recursive mutex's re-entry: its thread held it already.)
        const bool takes_it = wanted != nullptr && !o.access.reenters &&
                              (o.access.acquires == wanted ||
                               (o.access.object == wanted && o.access.releases == nullptr));
        if (ordered && !takes_it) return true;  // look further back for the taking
        if (!may_race(o.access, e.access)) return true;
        candidate = std::max(candidate, static_cast<int>(i));
        return false;
      });
      if (candidate >= 0) racing.push_back(static_cast<std::size_t>(candidate));
    }
    e.clock[pi] = e.index;
    if (!blocked_) {
      for (std::size_t j : racing) {
        if (immediate(j, racing)) add_branch(j, e);
      }
    }
    clocks_[pi] = e.clock;
    const std::size_t index = events_.size();
    for (const void* key : std::initializer_list<const void*>{
             e.access.object, e.access.second, e.access.everything ? &kEverything : nullptr,
             e.access.global ? &kGlobal : nullptr, &kAny}) {
      if (key == nullptr) continue;
      std::vector<std::vector<std::size_t>>& per_thread = history_[key];
      if (per_thread.size() <= pi) per_thread.resize(pi + 1);
      if (per_thread[pi].empty() || per_thread[pi].back() != index) per_thread[pi].push_back(index);
    }
    events_.push_back(std::move(e));
  }

  bool happens_before(const event& a, const event& b) const {
    return at(b.clock, a.thread) >= a.index;
  }

  // No other racing step lies between events_[j] and the new step.
  bool immediate(std::size_t j, const std::vector<std::size_t>& racing) const {
    return std::none_of(racing.begin(), racing.end(), [&](std::size_t k) {
      return k != j && happens_before(events_[j], events_[k]);
    });
  }

  // The race of events_[j] with `e`: some initial of v must run before it.
  void add_branch(std::size_t j, const event& e) {
    const event& first = events_[j];
    decision& d = stack_[first.at];
    std::vector<int> initials;
    std::vector<std::pair<int, int>> starts;  // per thread in v: its first step's index
    const auto consider = [&](const event& w) {
      const bool seen = std::any_of(starts.begin(), starts.end(),
                                    [&](const auto& s) { return s.first == w.thread; });
      if (seen) return;
      const bool follows = std::any_of(starts.begin(), starts.end(), [&](const auto& s) {
        return at(w.clock, s.first) >= s.second;
      });
      if (!follows) initials.push_back(w.thread);
      starts.emplace_back(w.thread, w.index);
    };
    for (std::size_t k = j + 1; k < events_.size(); ++k) {
      if (!happens_before(first, events_[k])) consider(events_[k]);
    }
    consider(e);
    // e's thread could not run before events_[j], which enabled it: no race
    // to reverse.
    const auto p = static_cast<std::size_t>(e.thread);
    if (initials == std::vector<int>{e.thread} && p < d.threads.size() && !d.threads[p].enabled &&
        !contains(d.offered, e.thread)) {
      return;
    }
    if (bound_ >= 0) add_conservative(j, e.thread);
    const auto usable = [&](int q) { return contains(d.offered, q) && within(d, q); };
    if (std::any_of(initials.begin(), initials.end(),
                    [&](int q) { return contains(d.backtrack, q) && within(d, q); })) {
      return;
    }
    int chosen = -1;
    if (contains(initials, e.thread) && usable(e.thread)) {
      chosen = e.thread;
    } else {
      for (int q : initials) {
        if (usable(q)) {
          chosen = q;
          break;
        }
      }
    }
    if (chosen >= 0) {
      add_to(d, chosen);
      return;
    }
    // An offered initial out of bound: the schedule has spent its bound
    // here, and only the thread going on (taken already) is within it.
    if (std::any_of(initials.begin(), initials.end(),
                    [&](int q) { return contains(d.offered, q); }))
      return;
    // Anything else: every offered thread (conservative).
    for (int q : d.offered)
      add_to(d, q);
  }

  // Bounded search: `thread`, at the latest decision before events_[j]
  // where a switch costs nothing more (the top of the file).
  void add_conservative(std::size_t j, int thread) {
    for (std::size_t k = j; k-- > 0;) {
      decision& c = stack_[events_[k].at];
      const bool switched = k > 0 && events_[k].thread != events_[k - 1].thread;
      const bool free_for_all = c.free < 0 && c.offered.size() > 1;
      if (!switched && !free_for_all) continue;
      if (contains(c.offered, thread)) {
        add_to(c, thread);
      } else {
        for (int q : c.offered)
          add_to(c, q);
      }
      return;
    }
  }

  static void add_to(decision& d, int thread) {
    if (!contains(d.backtrack, thread)) d.backtrack.push_back(thread);
  }

  int bound_;  // preemptions; -1: none
  std::vector<decision> stack_;
  std::size_t depth_ = 0;
  std::vector<event> events_;
  // Per object (and the keys below), per thread: its steps touching it, in order.
  std::unordered_map<const void*, std::vector<std::vector<std::size_t>>> history_;
  static constexpr char kEverything = 0;  // steps ordered against every step
  static constexpr char kGlobal = 0;      // steps touching the memory model's global view
  static constexpr char kAny = 0;         // every step
  std::vector<std::vector<int>> clocks_;  // per thread: its current clock
  std::vector<pending_step> seen_;        // from observe(), for the coming pick
  std::vector<int> next_sleep_;           // the sleep set of the next thread decision
  int running_ = -1;                      // the thread of the latest step
  bool blocked_ = false;                  // this schedule is redundant (sleep-set blocked)
  bool started_ = false;
  bool exhausted_ = false;
  prefix_shards shards_;
};

}  // namespace

std::unique_ptr<strategy> make_dpor_strategy(int preemption_bound) {
  return std::make_unique<dpor_strategy>(preemption_bound);
}

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
