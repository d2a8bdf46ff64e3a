// The program side of `racelab run` (libracelab_preload.so, LD_PRELOAD).
//
// Loaded into an unmodified, dynamically linked program together with the
// interception layer (lib/src/intercept), it takes over __libc_start_main:
// after the program's static initialization, and before its main(), the
// process becomes a fork server. For each schedule it forks; the child runs
// main() as the body of one racelab schedule (random or pct with its own
// seed, or a replayed schedule), with the program's output discarded unless
// replaying, and writes what happened into memory shared with the parent;
// the parent reads it and decides: next schedule, or report and stop. So a
// schedule costs a fork, not an exec, and every schedule starts from the
// same state.
//
// What a child's end means (the parent's verdict):
//  - its report: racelab's Result (deadlock, step limit, a failed check:
//    main returned non-zero or called exit with a non-zero status);
//  - killed by a signal (an assertion's abort, a segfault): a crash; the
//    child's signal handler writes the schedule and trace so far, best
//    effort (the trace is missing if the handler itself cannot run);
//  - still running after RACELAB_RUN_TIMEOUT seconds (default 60): killed,
//    reported as a hang (racelab's own watchdog ends a schedule whose
//    managed threads stop reaching scheduling points long before).
// Every path ends: each child is waited for with a deadline, and the loop is
// bounded by the iteration count.
//
// Configured by `racelab run` through the environment (RACELAB_RUN_*),
// which the server removes, with LD_PRELOAD, before main() runs: processes
// the program starts are not explored.
// dfs needs the tree of schedules in one process, so `racelab run` offers
// random, pct and replay. Programs built with ThreadSanitizer cannot be
// preloaded (their own interceptors come first): link racelab::intercept
// into them instead.
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "location_text.hpp"
#include "racelab/harness.hpp"
#include "schedule_string.hpp"
#include "scheduler.hpp"

namespace {

using main_fn = int (*)(int, char**, char**);

// What a child leaves for the parent.
struct report {
  int written;  // 1: the child wrote a full report
  int failure;  // racelab::Failure
  char schedule[16 * 1024];
  char message[64 * 1024];
  char trace[512 * 1024];
};

report* g_report = nullptr;
main_fn g_main = nullptr;

void copy(char* to, std::size_t size, const std::string& from) {
  const std::size_t n = std::min(size - 1, from.size());
  std::memcpy(to, from.data(), n);
  to[n] = '\0';
}

// In the child: the schedule and trace so far (a crash, an exit).
void write_partial(racelab::Failure kind, const std::string& message) {
  racelab::detail::scheduler* s = racelab::detail::active_scheduler();
  g_report->failure = static_cast<int>(kind);
  copy(g_report->message, sizeof g_report->message, message);
  if (s != nullptr) {
    copy(g_report->schedule, sizeof g_report->schedule,
         racelab::detail::format_schedule({s->picks(), racelab::Options{}.max_steps, {}, {}}));
    copy(g_report->trace, sizeof g_report->trace, s->steps().render());
  }
}

void on_crash(int signal) {
  // Best effort: the process is dying anyway, and a trace is worth the risk.
  write_partial(racelab::Failure::exception,
                std::string("the program crashed: ") + strsignal(signal));
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

std::string env(const char* name, const char* fallback = "") {
  const char* v = std::getenv(name);
  return v != nullptr ? v : fallback;
}

[[noreturn]] void run_child(int argc, char** argv, char** envp, std::uint64_t seed,
                            const std::string& strategy, const std::string& replay) {
  if (replay.empty()) {  // the program's own output, once per schedule, is noise
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
  }
  for (int sig : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL})
    std::signal(sig, on_crash);
  auto body = [&] {
    const int status = g_main(argc, argv, envp);
    racelab::check(status == 0, ("main returned " + std::to_string(status)).c_str(),
                   racelab::source_location{});
  };
  racelab::Result r;
  if (!replay.empty()) {
    r = racelab::replay(replay, body);
  } else {
    racelab::Options o;
    o.strategy = strategy == "random" ? racelab::Strategy::random : racelab::Strategy::pct;
    o.seed = seed;
    o.iterations = 1;
    r = racelab::explore(o, body);
  }
  g_report->failure = static_cast<int>(r.failure);
  copy(g_report->schedule, sizeof g_report->schedule,
       r.schedule.substr(0, r.schedule.find(";at=")));
  // racelab's own replay line names RACELAB_REPLAY; the parent prints the
  // `racelab run --replay` one instead.
  std::string message = r.message;
  if (const auto at = message.find("\nreplay: RACELAB_REPLAY="); at != std::string::npos) {
    const auto end = message.find('\n', at + 1);
    message.erase(at, end == std::string::npos ? std::string::npos : end - at);
  }
  copy(g_report->message, sizeof g_report->message, message);
  copy(g_report->trace, sizeof g_report->trace, r.trace);
  g_report->written = 1;
  std::fflush(nullptr);
  _exit(0);
}

// Waits for `pid` at most `limit`; kills it after. Returns the wait status,
// or -1 when it had to be killed.
int wait_for(pid_t pid, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    int status = 0;
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) return status;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
}

std::string quoted(const std::string& arg) {
  if (!arg.empty() && arg.find_first_of(" '\"\\$`!*?;&|<>(){}") == std::string::npos) return arg;
  std::string out = "'";
  for (char c : arg)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

int serve(int argc, char** argv, char** envp) {
  const std::string strategy = env("RACELAB_RUN_STRATEGY", "pct");
  const std::string replay = env("RACELAB_RUN_REPLAY");
  const int iterations =
      replay.empty() ? std::max(1, std::atoi(env("RACELAB_RUN_ITERATIONS", "1000").c_str())) : 1;
  const std::uint64_t seed = std::strtoull(env("RACELAB_RUN_SEED", "0").c_str(), nullptr, 10);
  const auto limit =
      std::chrono::seconds(std::max(1, std::atoi(env("RACELAB_RUN_TIMEOUT", "60").c_str())));
  std::string command;
  for (int i = 0; i < argc; ++i)
    command += " " + quoted(argv[i]);
  for (const char* name :
       {"LD_PRELOAD", "RACELAB_RUN", "RACELAB_RUN_STRATEGY", "RACELAB_RUN_REPLAY",
        "RACELAB_RUN_ITERATIONS", "RACELAB_RUN_SEED", "RACELAB_RUN_TIMEOUT"})
    unsetenv(name);

  void* shared =
      mmap(nullptr, sizeof(report), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED) {
    std::fprintf(stderr, "racelab run: cannot map memory for reports\n");
    return 2;
  }
  g_report = static_cast<report*>(shared);
  // Every child symbolizes its trace's locations: read the debug
  // information here, once, and the children inherit it.
  racelab::detail::prepare_symbolizer(reinterpret_cast<const void*>(g_main));
  for (int i = 1; i <= iterations; ++i) {
    std::memset(g_report, 0, sizeof(report));
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid < 0) {
      std::fprintf(stderr, "racelab run: fork failed: %s\n", std::strerror(errno));
      return 2;
    }
    if (pid == 0)
      run_child(argc, argv, envp, seed + static_cast<std::uint64_t>(i), strategy, replay);
    const int status = wait_for(pid, limit);
    std::string verdict;
    if (status == -1) {
      verdict = "hang: the schedule ran longer than " + std::to_string(limit.count()) + " s";
    } else if (g_report->written == 1) {
      if (g_report->failure != 0)
        verdict = std::string(racelab::to_string(static_cast<racelab::Failure>(g_report->failure)));
    } else if (WIFSIGNALED(status)) {
      verdict = std::string("crash: ") + strsignal(WTERMSIG(status));
    } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
      verdict = "exit: the program exited with status " + std::to_string(WEXITSTATUS(status));
    } else {
      verdict = "exit: the program exited before main returned";
    }
    if (verdict.empty()) continue;
    std::fprintf(stderr, "racelab run: %s in schedule %d (%s)\n%s\n\n%s\n", verdict.c_str(), i,
                 replay.empty() ? strategy.c_str() : "replay", g_report->message, g_report->trace);
    if (g_report->schedule[0] != '\0') {
      std::fprintf(stderr, "replay: racelab run --replay '%s' --%s\n", g_report->schedule,
                   command.c_str());
    }
    return 1;
  }
  std::fprintf(stderr, "racelab run: no failure in %d schedule(s) (%s)\n", iterations,
               replay.empty() ? strategy.c_str() : "replay");
  return 0;
}

int racelab_main(int argc, char** argv, char** envp) {
  return serve(argc, argv, envp);
}

}  // namespace

// A non-zero exit() inside a schedule ends it as a failure with its trace.
extern "C" void exit(int status) noexcept {
  using exit_fn = void (*)(int);
  static auto real = reinterpret_cast<exit_fn>(dlsym(RTLD_NEXT, "exit"));
  if (g_report != nullptr && racelab::detail::controlled()) {
    if (status != 0) {
      write_partial(racelab::Failure::check,
                    "the program called exit(" + std::to_string(status) + ")");
    }
    g_report->written = 1;  // exit(0): the program ended well
    std::fflush(nullptr);
    _exit(status);
  }
  real(status);
  __builtin_unreachable();
}

extern "C" int __libc_start_main(main_fn main, int argc, char** argv, void (*init)(),
                                 void (*fini)(), void (*rtld_fini)(), void* stack_end) {
  using start_fn = int (*)(main_fn, int, char**, void (*)(), void (*)(), void (*)(), void*);
  auto real = reinterpret_cast<start_fn>(dlsym(RTLD_NEXT, "__libc_start_main"));
  const char* on = std::getenv("RACELAB_RUN");
  if (on == nullptr || std::strcmp(on, "1") != 0)
    return real(main, argc, argv, init, fini, rtld_fini, stack_end);
  g_main = main;
  return real(racelab_main, argc, argv, init, fini, rtld_fini, stack_end);
}
