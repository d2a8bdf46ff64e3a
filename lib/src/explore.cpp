// explore() and replay(): the exploration loop around the scheduler, the
// environment overrides, and the Result a failure turns into.
#include "racelab/explore.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <vector>

#include "lock_order_graph.hpp"
#include "perturber.hpp"
#include "racelab/detail/runtime.hpp"
#include "schedule_string.hpp"
#include "scheduler.hpp"
#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab {

namespace detail {
const char* (*current_test_name)() = nullptr;
void (*schedule_observer)(const std::string& schedule) = nullptr;
}  // namespace detail

std::string_view to_string(Failure failure) noexcept {
  switch (failure) {
    case Failure::none:
      return "none";
    case Failure::check:
      return "check";
    case Failure::deadlock:
      return "deadlock";
    case Failure::lock_order_inversion:
      return "lock_order_inversion";
    case Failure::exception:
      return "exception";
    case Failure::data_race:
      return "data_race";
    case Failure::step_limit:
      return "step_limit";
    case Failure::misuse:
      return "misuse";
  }
  return "unknown";
}

std::string_view to_string(Strategy strategy) noexcept {
  switch (strategy) {
    case Strategy::random:
      return "random";
    case Strategy::pct:
      return "pct";
    case Strategy::dfs:
      return "dfs";
    case Strategy::dpor:
      return "dpor";
    case Strategy::perturb:
      return "perturb";
  }
  return "unknown";
}

namespace {

using namespace std::chrono_literals;

constexpr auto kStuckAfter = 3000ms;
constexpr auto kWatchPoll = 200ms;  // how often a controller watching from outside looks

// Marks the process as exploring; explorations do not nest or overlap.
class exploration_slot {
 public:
  exploration_slot() {
    if (busy().exchange(true)) {
      throw std::logic_error(
          "racelab: explore()/replay() called while another exploration runs in this process "
          "(nested in a body, or from two threads at once)");
    }
  }
  ~exploration_slot() { busy().store(false); }
  exploration_slot(const exploration_slot&) = delete;
  exploration_slot& operator=(const exploration_slot&) = delete;

 private:
  static std::atomic<bool>& busy() {
    static std::atomic<bool> flag{false};
    return flag;
  }
};

// A schedule that was abandoned keeps its state here: its threads are parked
// in it for ever, and one still running outside racelab parks there later.
void keep_alive(std::shared_ptr<void> state) {
  static auto* kept =
      new std::vector<std::shared_ptr<void>>();  // never destroyed, not even at exit
  kept->push_back(std::move(state));
}

std::string shell_quote(const std::string& arg) {
  if (!arg.empty() && arg.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                            "0123456789_-./=:,+@%") == std::string::npos) {
    return arg;
  }
  std::string out = "'";
  for (char c : arg)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string command_line() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  std::string out, arg;
  while (std::getline(in, arg, '\0'))
    out += (out.empty() ? "" : " ") + shell_quote(arg);
  return out.empty() ? "<the test program>" : out;
}

std::string replay_line(const std::string& schedule) {
  return "replay: RACELAB_REPLAY=" + shell_quote(schedule) + " " + command_line();
}

void validate(const Options& o) {
  if (o.iterations < 1) throw std::invalid_argument("racelab: Options::iterations must be >= 1");
  if (o.max_steps < 1) throw std::invalid_argument("racelab: Options::max_steps must be >= 1");
  if (o.pct_depth < 1) throw std::invalid_argument("racelab: Options::pct_depth must be >= 1");
  if (o.preemption_bound < -1) {
    throw std::invalid_argument(
        "racelab: Options::preemption_bound must be -1 (unbounded) or >= 0");
  }
  if (o.total_shards < 1 || o.shard_index < 0 || o.shard_index >= o.total_shards) {
    throw std::invalid_argument("racelab: Options::shard_index must be in [0, total_shards) (got " +
                                std::to_string(o.shard_index) + " of " +
                                std::to_string(o.total_shards) + ")");
  }
}

template <class Int>
Int env_number(const char* name, const char* text) {
  Int value{};
  const char* end = text + std::char_traits<char>::length(text);
  auto [ptr, ec] = std::from_chars(text, end, value);
  if (ec != std::errc() || ptr != end) {
    throw std::invalid_argument(std::string("racelab: ") + name + "=\"" + text +
                                "\" is not a valid non-negative number");
  }
  return value;
}

Result run_controlled(const Options& options, detail::strategy& strategy,
                      const std::function<void()>& body, const detail::parsed_schedule* replaying,
                      const std::string& site) {
  // Declared first: the scheduler's threads run on it until it is destroyed.
  std::unique_ptr<detail::execution_backend> fibers;
  if (options.backend == Backend::fibers) fibers = detail::make_fiber_backend();
  auto owned = std::make_unique<detail::scheduler>(
      options, strategy, fibers ? *fibers : detail::os_thread_backend(), kStuckAfter);
  detail::scheduler* s = owned.get();
  detail::set_active_scheduler(s);
  Result result;
  const int shards = options.total_shards;
  if (!strategy.seeded()) strategy.shard(shards, options.shard_index);
  // The loop over schedules runs where the managed threads run when the
  // backend has a thread of its own (fibers), with this thread watching.
  const auto schedules = [&] {
    for (int i = 1; i <= options.iterations; ++i) {
      // Seeded strategies: schedule number i, when it is this shard's (or
      // every shard needs it). Systematic ones count runs, and split their
      // tree themselves.
      if (strategy.seeded()) {
        if ((i - 1) % shards != options.shard_index && !strategy.needed_by_every_shard(i)) continue;
        strategy.seek(i);
      }
      if (!strategy.begin_schedule()) {
        result.exhausted = true;
        break;
      }
      result.iterations = i;
      // A controller that stops waiting (the schedule abandoned while another
      // thread runs this loop) reads what the loop wrote up to here.
      detail::tsan::release(&result);
      s->run(body, i);
      s->backend().schedules_left(options.iterations - i);
      const bool counted =
          strategy.seeded() ? (i - 1) % shards == options.shard_index : strategy.counted();
      if (counted && detail::schedule_observer != nullptr && replaying == nullptr) {
        detail::schedule_observer(detail::format_schedule(
            {s->picks(), options.max_steps, {}, {}, options.memory_model == MemoryModel::rc11}));
      }
      if (s->failed()) break;
      // Only the body ran and nothing was chosen: every schedule is this one.
      const auto& picks = s->picks();
      if (replaying == nullptr &&
          std::all_of(picks.begin(), picks.end(), [](int p) { return p == 0; })) {
        result.exhausted = true;
        break;
      }
    }
  };
  auto since = std::chrono::steady_clock::now();
  long seen = -1;
  if (!s->backend().run_controller(
          schedules, [&] { return s->watch_remotely(since, seen); }, kWatchPoll)) {
    schedules();
  }
  detail::tsan::acquire(&result);
  const bool systematic = options.strategy == Strategy::dfs || options.strategy == Strategy::dpor;
  if (!s->failed() && !result.exhausted && systematic && !replaying) {
    result.exhausted = !strategy.begin_schedule();
  }
  if (replaying != nullptr && !s->failed() &&
      static_cast<std::size_t>(s->step_count()) != replaying->picks.size()) {
    s->fail_replay_length(replaying->picks.size());
  }
  result.failure = s->failure();
  result.schedule = detail::format_schedule(
      {s->picks(), options.max_steps, site, {}, options.memory_model == MemoryModel::rc11});
  result.trace = s->steps().render();
  if (result.failed()) {
    result.message = "racelab: " + std::string(to_string(result.failure)) + " in schedule " +
                     std::to_string(result.iterations) + " (" + strategy.describe() + ")\n" +
                     s->message() + "\n" + replay_line(result.schedule);
  }
  detail::set_active_scheduler(nullptr);
  if (s->abandoned()) {
    keep_alive(std::move(owned));
    if (fibers) keep_alive(std::move(fibers));  // its OS thread runs or parks them
  }
  return result;
}

Result run_perturb(const Options& options, const std::function<void()>& body) {
  Result result;
  std::uint64_t seed = options.seed;
  Failure failure = Failure::none;
  std::string message;
  for (int i = 1; i <= options.iterations && failure == Failure::none; ++i) {
    seed = options.seed + static_cast<std::uint64_t>(i - 1);
    auto p = std::make_unique<detail::perturber>(seed, detail::os_thread_backend(), kStuckAfter);
    detail::set_active_perturber(p.get());
    p->run(body, i);
    detail::set_active_perturber(nullptr);
    result.iterations = i;
    failure = p->failure();
    message = p->message();
    if (p->abandoned()) keep_alive(std::move(p));
  }
  result.failure = failure;
  result.schedule = detail::format_perturb_schedule(seed);
  result.trace =
      "perturb runs threads in parallel and records no trace; explore the same body "
      "with pct or dfs to see the interleaving\n";
  if (result.failed()) {
    result.message = "racelab: " + std::string(to_string(result.failure)) + " in perturb run " +
                     std::to_string(result.iterations) + " (seed " + std::to_string(seed) +
                     "; not exactly replayable: replaying reruns this seed)\n" + message + "\n" +
                     replay_line(result.schedule);
  }
  return result;
}

Backend backend_from_environment(Backend given) {
  const char* s = std::getenv("RACELAB_BACKEND");
  if (s == nullptr || *s == '\0') return given;
  const std::string v = s;
  if (v == "threads") return Backend::threads;
  if (v == "fibers") return Backend::fibers;
  throw std::invalid_argument("racelab: RACELAB_BACKEND=\"" + v +
                              "\" is not one of threads, fibers");
}

}  // namespace

Options options_from_environment(Options o) {
  if (const char* s = std::getenv("RACELAB_STRATEGY"); s != nullptr && *s != '\0') {
    const std::string v = s;
    if (v == "random")
      o.strategy = Strategy::random;
    else if (v == "pct")
      o.strategy = Strategy::pct;
    else if (v == "dfs")
      o.strategy = Strategy::dfs;
    else if (v == "dpor") {
      o.strategy = Strategy::dpor;
      o.preemption_bound = -1;  // a dfs test's bound: dpor explores without one
    } else if (v == "perturb")
      o.strategy = Strategy::perturb;
    else {
      throw std::invalid_argument("racelab: RACELAB_STRATEGY=\"" + v +
                                  "\" is not one of random, pct, dfs, dpor, perturb");
    }
  }
  o.backend = backend_from_environment(o.backend);
  const char* total = std::getenv("RACELAB_TOTAL_SHARDS");
  const char* index = std::getenv("RACELAB_SHARD_INDEX");
  const bool has_total = total != nullptr && *total != '\0';
  const bool has_index = index != nullptr && *index != '\0';
  if (has_total != has_index) {
    throw std::invalid_argument(
        "racelab: set both RACELAB_TOTAL_SHARDS and RACELAB_SHARD_INDEX, or neither");
  }
  if (has_total) {
    o.total_shards = env_number<int>("RACELAB_TOTAL_SHARDS", total);
    o.shard_index = env_number<int>("RACELAB_SHARD_INDEX", index);
    if (o.total_shards < 1 || o.shard_index >= o.total_shards) {
      throw std::invalid_argument("racelab: RACELAB_SHARD_INDEX=" + std::string(index) +
                                  " is not below RACELAB_TOTAL_SHARDS=" + std::string(total));
    }
  }
  if (const char* s = std::getenv("RACELAB_SEED"); s != nullptr && *s != '\0') {
    o.seed = env_number<std::uint64_t>("RACELAB_SEED", s);
  }
  if (const char* s = std::getenv("RACELAB_ITERATIONS"); s != nullptr && *s != '\0') {
    o.iterations = env_number<int>("RACELAB_ITERATIONS", s);
    if (o.iterations < 1) throw std::invalid_argument("racelab: RACELAB_ITERATIONS must be >= 1");
  }
  // After RACELAB_STRATEGY: RACELAB_STRATEGY=dpor RACELAB_PREEMPTION_BOUND=2
  // is dpor within 2 preemptions; "-1" lifts a test's bound.
  if (const char* s = std::getenv("RACELAB_PREEMPTION_BOUND"); s != nullptr && *s != '\0') {
    o.preemption_bound =
        std::string_view(s) == "-1" ? -1 : env_number<int>("RACELAB_PREEMPTION_BOUND", s);
  }
  return o;
}

namespace {

// "file.cpp:42#3": the third explore() call from file.cpp:42 in this process.
// Calls are counted per test when <racelab/gtest.hpp> tells which test runs
// (so a rerun with --gtest_filter counts the same), else per process.
std::string call_site(source_location call) {
  static auto* calls = new std::map<std::string, int>();  // explorations are serialized
  std::string file = call.file != nullptr ? call.file : "?";
  if (const auto slash = file.rfind('/'); slash != std::string::npos) file.erase(0, slash + 1);
  const std::string at = file + ":" + std::to_string(call.line);
  const char* test = detail::current_test_name != nullptr ? detail::current_test_name() : nullptr;
  return at + "#" +
         std::to_string(++(*calls)[(test != nullptr ? test : "") + std::string("|") + at]);
}

}  // namespace

// Under ThreadSanitizer, a Result that fails every exploration until the
// options racelab depends on are set; none otherwise.
std::optional<Result> tsan_unprepared() {
  static const std::string missing = detail::tsan::missing_options();
  if (missing.empty()) return std::nullopt;
  Result r;
  r.failure = Failure::misuse;
  r.schedule = "v1:";  // replaying it says the same
  r.message = "racelab: misuse: ThreadSanitizer is not set up for exploring: set " + missing +
              " (in TSAN_OPTIONS, or in the test program's __tsan_default_options(); see README, "
              "\"ThreadSanitizer\"). Without them TSan reports a race on an address only once per "
              "process, so later schedules and replays of a racy one would pass as clean.";
  return r;
}

namespace {

std::atomic<int> g_nested{0};

// explore() or replay() from a thread of an exploration: not supported
// (exploration_slot says so too; this one also counts it).
std::optional<Result> nested() {
  if (!detail::controlled()) return std::nullopt;
  g_nested.fetch_add(1, std::memory_order_relaxed);
  throw std::logic_error(
      "racelab: explore()/replay() called while another exploration runs in this process "
      "(nested in a body)");
}

}  // namespace

int detail::nested_explorations() noexcept {
  return g_nested.load(std::memory_order_relaxed);
}

namespace {

Result replay_on(const std::string& schedule, std::function<void()> body, Backend backend) {
  if (auto inside = nested()) return *inside;
  const detail::parsed_schedule parsed = detail::parse_schedule(schedule);
  if (auto unprepared = tsan_unprepared()) return *unprepared;
  exploration_slot slot;
  Options options;
  options.iterations = 1;
  if (parsed.perturb) {
    options.strategy = Strategy::perturb;
    options.seed = *parsed.perturb;
    return run_perturb(options, body);
  }
  options.max_steps = parsed.max_steps;
  if (parsed.rc11) options.memory_model = MemoryModel::rc11;
  options.backend = backend;
  auto strategy = detail::make_replay_strategy(parsed.picks);
  return run_controlled(options, *strategy, body, &parsed, parsed.site);
}

}  // namespace

Result explore(const Options& given, std::function<void()> body, source_location call) {
  if (auto inside = nested()) return *inside;
  if (auto unprepared = tsan_unprepared()) return *unprepared;
  const std::string site = call_site(call);
  if (const char* r = std::getenv("RACELAB_REPLAY"); r != nullptr && *r != '\0') {
    const detail::parsed_schedule parsed = detail::parse_schedule(r);
    if (parsed.site.empty() || parsed.site == site) {
      return replay_on(r, std::move(body), backend_from_environment(given.backend));
    }
  }
  const Options options = options_from_environment(given);
  validate(options);
  exploration_slot slot;
  if (options.strategy == Strategy::perturb) return run_perturb(options, body);
  std::unique_ptr<detail::strategy> strategy;
  switch (options.strategy) {
    case Strategy::random:
      strategy = detail::make_random_strategy(options.seed);
      break;
    case Strategy::dfs:
      strategy = detail::make_dfs_strategy(options.preemption_bound);
      break;
    case Strategy::dpor:
      strategy = detail::make_dpor_strategy(options.preemption_bound);
      break;
    default:
      strategy = detail::make_pct_strategy(options.seed, options.pct_depth);
      break;
  }
  return run_controlled(options, *strategy, body, nullptr, site);
}

Result replay(const std::string& schedule, std::function<void()> body) {
  return replay_on(schedule, std::move(body), backend_from_environment(Backend::threads));
}

void yield(source_location loc) {
  if (detail::controlled()) {
    detail::yield_point(loc);
  } else {
    std::this_thread::yield();
  }
}

void check(bool ok, const char* what, source_location loc) {
  if (ok) return;
  if (detail::controlled()) detail::check_failed(what, loc);
  throw std::logic_error(std::string("racelab::check failed at ") + loc.file + ":" +
                         std::to_string(loc.line) + ": " + (what != nullptr ? what : ""));
}

bool exploring() noexcept {
  return detail::controlled();
}

}  // namespace racelab
RACELAB_UNINSTRUMENTED_END
