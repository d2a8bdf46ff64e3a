// racelab-kata: the exercise runner behind `make kata`.
//
//   racelab-kata check        check the exercises in order, stop at the first unsolved
//   racelab-kata list         every exercise and whether it is done
//   racelab-kata hint         the next hint tier of the current exercise
//   racelab-kata reset N      back up task.cpp of exercise N, restore the starting file
//   racelab-kata solution N   the reference solution of N, once N passes
//   racelab-kata watch        check again whenever a task.cpp changes
//
// A check builds the exercise's checker twice, plainly and under
// ThreadSanitizer, in build trees of its own (quietly), and runs each with a
// time limit. Progress lives in a small git-ignored JSON file.
//
// Every failure is explained: a crash prints the checker's crash report (the
// signal, the thread, the lines of task.cpp on its stack); a time-out shows
// each thread's place in task.cpp (a gdb backtrace taken before the kill)
// and everything the checker printed; a missing task.cpp says how to get it
// back. A pass says what was explored.
#include <toml++/toml.h>
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include <unistd.h>

#include "subprocess.hpp"
#include "thread_places.hpp"

namespace fs = std::filesystem;
using racelab::cli::run_process;

namespace {

constexpr auto kCheckLimit = std::chrono::seconds(120);
constexpr auto kBuildLimit = std::chrono::seconds(900);

struct exercise {
  std::string dir;
  std::string title;
};

struct runner {
  fs::path source;  // the racelab checkout
  fs::path kata;    // the exercise tree
  fs::path build;   // where the exercise build trees go
  fs::path state_file;
  std::vector<exercise> exercises;
  std::chrono::seconds check_limit = kCheckLimit;
  nlohmann::json state = nlohmann::json::object();

  void load() {
    toml::table manifest;
    try {
      manifest = toml::parse_file((kata / "manifest.toml").string());
    } catch (const toml::parse_error& e) {
      throw std::runtime_error("kata/manifest.toml: " + std::string(e.description()));
    }
    for (const auto& node : *manifest["exercise"].as_array()) {
      const auto& t = *node.as_table();
      exercises.push_back({t["dir"].value_or(std::string()), t["title"].value_or(std::string())});
    }
    if (fs::exists(state_file)) {
      std::ifstream in(state_file);
      try {
        state = nlohmann::json::parse(in);
      } catch (const nlohmann::json::exception&) {
        state = nlohmann::json::object();  // unreadable progress: start over, keep the files
      }
    }
  }

  void save() const { std::ofstream(state_file) << state.dump(2) << "\n"; }

  bool passed(const exercise& e) const {
    return state.contains("passed") && state["passed"].contains(e.dir);
  }
  int index_of(int number) const {
    for (std::size_t i = 0; i < exercises.size(); ++i) {
      if (std::stoi(exercises[i].dir.substr(0, 2)) == number) return static_cast<int>(i);
    }
    throw std::runtime_error("there is no exercise " + std::to_string(number) +
                             " (see make kata-list)");
  }
  const exercise* current() const {
    for (const auto& e : exercises) {
      if (!passed(e)) return &e;
    }
    return nullptr;
  }

  std::string progress_bar() const {
    std::size_t done = 0;
    for (const auto& e : exercises)
      done += passed(e) ? 1 : 0;
    const std::size_t width = 26;
    const std::size_t filled = exercises.empty() ? 0 : done * width / exercises.size();
    return "[" + std::string(filled, '#') + std::string(width - filled, '.') + "] " +
           std::to_string(done) + "/" + std::to_string(exercises.size());
  }

  // Configures (once) and builds one checker; returns the compiler's
  // complaints about the student's files, or "" when it built.
  std::string build_checker(const exercise& e, bool tsan) {
    const fs::path tree = build / (tsan ? "kata-tsan" : "kata");
    if (!fs::exists(tree / "build.ninja")) {
      std::vector<std::string> configure{
          "cmake", "-S", source.string(), "-B", tree.string(), "-G", "Ninja",
          "-DRACELAB_BUILD_TESTS=OFF", "-DRACELAB_BUILD_BENCH=OFF",
          // lld (make deps): links in a third of GNU ld's time
          "-DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld",
          // racelab's library compiles as a few unity files, in about a
          // third of the time (the exercises' own files are never merged)
          "-DCMAKE_UNITY_BUILD=ON", "-DRACELAB_KATA_DIR=" + kata.string()};
      if (tsan) {
        configure.insert(
            configure.end(),
            {"-DCMAKE_CXX_COMPILER=clang++", "-DRACELAB_SANITIZER=thread",
             "-DCMAKE_BUILD_TYPE=RelWithDebInfo", "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g"});
      } else {
        configure.push_back("-DCMAKE_BUILD_TYPE=Debug");
      }
      const auto r = run_process(configure, kBuildLimit);
      if (r.status != 0)
        throw std::runtime_error("configuring the exercises failed:\n" + r.out + r.err);
    }
    const auto r =
        run_process({"cmake", "--build", tree.string(), "--target", target(e)}, kBuildLimit);
    if (r.status == 0) return "";
    std::istringstream lines(r.out + r.err);
    std::string line, errors;
    while (std::getline(lines, line)) {
      if (line.find("task.cpp") != std::string::npos || line.find("error") != std::string::npos) {
        errors += "  " + line + "\n";
      }
    }
    return errors.empty() ? r.out + r.err : errors;
  }

  static std::string target(const exercise& e) { return "kata_" + e.dir.substr(0, 2); }

  // Runs one checker; returns "" when it passed (and sets `explored` to what
  // it explored), else what to show.
  std::string run_checker(const exercise& e, bool tsan, std::string& explored) {
    const fs::path exe = build / (tsan ? "kata-tsan" : "kata") / "kata" / target(e);
    const auto r = run_process({exe.string()}, check_limit, kata::thread_places);
    if (r.timed_out) {
      return r.out + "\n\nThe check ran out of time (" + std::to_string(check_limit.count()) +
             " s) in the scenario above. Where each thread was when it was stopped:\n" +
             r.before_kill +
             "A thread at a line of task.cpp that loops without a lock, an atomic or a wait is "
             "spinning where racelab cannot schedule around it.\n";
    }
    const bool tsan_report = r.err.find("WARNING: ThreadSanitizer") != std::string::npos;
    const auto pass = r.out.find("racelab-kata: PASS");
    if (pass != std::string::npos && !tsan_report) {
      const auto open = r.out.find('(', pass);
      const auto close = r.out.find(')', open);
      explored = open == std::string::npos ? "" : r.out.substr(open + 1, close - open - 1);
      return "";
    }
    // A crash report says it all (TSan's notes on the dying handler add nothing).
    if (r.out.find("The program crashed") != std::string::npos) return r.out;
    if (r.status > 128) {
      return r.out + "\n\nThe check crashed: " + strsignal(r.status - 128) + ".\n" + r.err;
    }
    if (!tsan_report) return r.out;
    // Keep the report's headline and, of the racing accesses' stacks, the
    // frames in the student's own file, shortened to "task.cpp:16:15  in f".
    std::istringstream lines(r.err);
    std::string line, report = "ThreadSanitizer, watching your code, reported:\n";
    bool in_access = false;  // inside the stack of a racing read or write
    while (std::getline(lines, line)) {
      const auto at = line.find("task.cpp:");
      const bool headline = line.size() > 2 && line.rfind("  ", 0) == 0 && line[2] != ' ';
      if (headline) {
        in_access = line.rfind("  Previous", 0) == 0 || line.rfind("  Write of", 0) == 0 ||
                    line.rfind("  Read of", 0) == 0 || line.rfind("  Atomic", 0) == 0;
        if (in_access) report += line + "\n";
      } else if (line.find("WARNING: ThreadSanitizer") != std::string::npos) {
        report += line + "\n";
      } else if (in_access && at != std::string::npos) {
        const auto name_start = line.find(' ', line.find('#')) + 1;
        const auto name_end = line.rfind(" /", at);
        report += "      " + line.substr(at, line.find(' ', at) - at) + "  in " +
                  line.substr(name_start, name_end - name_start) + "\n";
      }
    }
    return r.out + "\n" + report;
  }

  // Checks one exercise; prints what failed. True when it passes.
  bool check(const exercise& e) {
    if (!fs::exists(kata / e.dir / "task.cpp")) {
      std::printf(
          "kata/%s/task.cpp is missing. Get the starting file back with: make kata-reset %s\n",
          e.dir.c_str(), e.dir.substr(0, 2).c_str());
      return false;
    }
    std::string explored[2];
    for (const bool tsan : {false, true}) {
      const std::string errors = build_checker(e, tsan);
      if (!errors.empty()) {
        std::printf("Your code does not compile yet:\n%s\n", errors.c_str());
        return false;
      }
      const std::string failure = run_checker(e, tsan, explored[tsan ? 1 : 0]);
      if (!failure.empty()) {
        std::printf("%s\n", failure.c_str());
        return false;
      }
    }
    std::printf("Explored: %s; under ThreadSanitizer: %s, and ThreadSanitizer was silent.\n",
                explored[0].c_str(), explored[1].c_str());
    return true;
  }

  int check_all() {
    for (const auto& e : exercises) {
      if (passed(e)) continue;
      std::printf("%s  %s. %s\n\n", progress_bar().c_str(), e.dir.substr(0, 2).c_str(),
                  e.title.c_str());
      std::fflush(stdout);
      if (!check(e)) {
        std::printf(
            "Not solved yet: edit kata/%s/task.cpp (the story is in its README.md).\n"
            "A hint: make kata-hint   Re-check on every save: make kata-watch\n",
            e.dir.c_str());
        return 1;
      }
      state["passed"][e.dir] = true;
      save();
      std::printf("Solved! The reference solution: make kata-solution %s\n\n",
                  e.dir.substr(0, 2).c_str());
    }
    std::printf("%s  every exercise solved.\n", progress_bar().c_str());
    return 0;
  }

  int list() const {
    std::printf("%s\n", progress_bar().c_str());
    for (const auto& e : exercises) {
      std::printf("  %s %s. %s\n", passed(e) ? "[x]" : "[ ]", e.dir.substr(0, 2).c_str(),
                  e.title.c_str());
    }
    return 0;
  }

  int hint() {
    const exercise* e = current();
    if (e == nullptr) return std::printf("Every exercise is solved: no hints needed.\n"), 0;
    std::ifstream in(kata / e->dir / "hints.md");
    std::stringstream all;
    all << in.rdbuf();
    std::vector<std::string> tiers;
    std::string tier, line;
    while (std::getline(all, line)) {
      if (line == "---") {
        tiers.push_back(tier);
        tier.clear();
      } else {
        tier += line + "\n";
      }
    }
    tiers.push_back(tier);
    const int shown = state.contains("hints") ? state["hints"].value(e->dir, 0) : 0;
    const int next = std::min<int>(shown, static_cast<int>(tiers.size()) - 1);
    std::printf("Hint %d of %zu for %s:\n%s", next + 1, tiers.size(), e->dir.c_str(),
                tiers[static_cast<std::size_t>(next)].c_str());
    state["hints"][e->dir] = next + 1;
    save();
    return 0;
  }

  // For `make kata-reset` / `kata-solution` given no number.
  int which(const char* command) const {
    std::printf("Which exercise? make %s N, with N from 1 to %zu", command, exercises.size());
    if (const exercise* e = current())
      std::printf(" (the current one: %s)", e->dir.substr(0, 2).c_str());
    std::printf(".\n");
    return 1;
  }

  int reset(int number) {
    if (number == 0) return which("kata-reset");
    const exercise& e = exercises[static_cast<std::size_t>(index_of(number))];
    const fs::path task = kata / e.dir / "task.cpp";
    const auto stamp = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    const fs::path backup = kata / e.dir / ("task.cpp." + std::to_string(stamp) + ".bak");
    const bool had_task = fs::exists(task);
    if (had_task) fs::copy_file(task, backup);
    fs::copy_file(kata / e.dir / "start.cpp", task, fs::copy_options::overwrite_existing);
    if (state.contains("passed")) state["passed"].erase(e.dir);
    save();
    if (had_task) {
      std::printf("Restored kata/%s/task.cpp to its starting state; your version is saved as %s\n",
                  e.dir.c_str(), backup.filename().c_str());
    } else {
      std::printf("Restored kata/%s/task.cpp to its starting state (there was none to save).\n",
                  e.dir.c_str());
    }
    return 0;
  }

  int solution(int number) const {
    if (number == 0) return which("kata-solution");
    const exercise& e = exercises[static_cast<std::size_t>(index_of(number))];
    if (!passed(e)) {
      std::printf("Solve exercise %02d first (make kata); the solution opens once it passes.\n",
                  number);
      return 1;
    }
    std::ifstream in(kata / e.dir / "solution.cpp");
    std::printf("%s", std::string(std::istreambuf_iterator<char>(in), {}).c_str());
    return 0;
  }

  int watch() {
    std::printf("Watching kata/*/task.cpp (checking every second for changes; Ctrl-C stops).\n");
    std::map<std::string, fs::file_time_type> seen;
    for (;;) {
      bool changed = seen.empty();
      for (const auto& e : exercises) {
        std::error_code missing;  // a missing task.cpp is a change too, never an end
        const auto t = fs::last_write_time(kata / e.dir / "task.cpp", missing);
        if (seen[e.dir] != t) {
          seen[e.dir] = t;
          changed = true;
        }
      }
      if (changed) {
        if (::isatty(1) != 0) std::printf("\033[2J\033[H");  // a clean screen per check
        check_all();
        std::printf("\n(waiting for your next save)\n");
        std::fflush(stdout);
      }
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"racelab-kata: concurrency exercises, checked so that a lucky run never passes"};
  runner r;
  std::string source = RACELAB_SOURCE_DIR;
  std::string kata_dir, build_dir, state_file;
  app.add_option("--source", source, "the racelab checkout");
  app.add_option("--kata", kata_dir, "the exercise tree (default: SOURCE/kata)");
  app.add_option("--build", build_dir, "where the exercise build trees go (default: SOURCE/build)");
  app.add_option("--state", state_file, "the progress file (default: SOURCE/.kata-state.json)");
  int limit = static_cast<int>(kCheckLimit.count());
  app.add_option("--time-limit", limit, "seconds a checker may run before it is stopped");
  int number = 0;
  auto* check =
      app.add_subcommand("check", "check the exercises in order, stop at the first unsolved");
  auto* list = app.add_subcommand("list", "every exercise and whether it is done");
  auto* hint = app.add_subcommand("hint", "the next hint tier of the current exercise");
  auto* reset = app.add_subcommand(
      "reset", "restore the starting file of exercise N (your version is backed up)");
  reset->add_option("N", number, "exercise number");
  auto* solution =
      app.add_subcommand("solution", "the reference solution of exercise N, once it passes");
  solution->add_option("N", number, "exercise number");
  auto* watch = app.add_subcommand("watch", "check again whenever a task.cpp changes");
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);

  try {
    r.source = source;
    r.kata = kata_dir.empty() ? r.source / "kata" : fs::path(kata_dir);
    r.build = build_dir.empty() ? r.source / "build" : fs::path(build_dir);
    r.state_file = state_file.empty() ? r.source / ".kata-state.json" : fs::path(state_file);
    r.check_limit = std::chrono::seconds(limit);
    r.load();
    if (check->parsed()) return r.check_all();
    if (list->parsed()) return r.list();
    if (hint->parsed()) return r.hint();
    if (reset->parsed()) return r.reset(number);
    if (solution->parsed()) return r.solution(number);
    if (watch->parsed()) return r.watch();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "racelab-kata: %s\n", e.what());
    return 2;
  }
  return 0;
}
