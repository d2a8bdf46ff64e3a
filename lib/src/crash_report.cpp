// racelab::install_crash_report (see racelab/crash_report.hpp for the contract).
#include "racelab/crash_report.hpp"

#include <unistd.h>

#include <csignal>
#include <cstring>
#include <exception>
#include <string>
#include <typeinfo>

#include <cxxabi.h>

#include "location_text.hpp"
#include "racelab/options.hpp"
#include "schedule_string.hpp"
#include "scheduler.hpp"
#include "tsan.hpp"

namespace racelab {
namespace {

int g_fd = 1;
const char* g_last_line = nullptr;
std::string* g_terminate_text = nullptr;  // set by the terminate handler

constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

// racelab's own sources: their frames are not the program's.
const char* own_root() {
  static const std::string root = [] {
    std::string file = __FILE__;
    const auto at = file.rfind("lib/src/");
    return at == std::string::npos ? std::string() : file.substr(0, at) + "lib/";
  }();
  return root.c_str();
}

void write_all(const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(g_fd, text.data() + done, text.size() - done);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

void on_fatal_signal(int sig) {
  std::signal(sig, SIG_DFL);  // a second fault in here ends the process at once
  std::string text = "\nThe program crashed: ";
  text += g_terminate_text != nullptr ? *g_terminate_text : std::string(strsignal(sig));
  detail::thread_record* self = detail::tls_thread;
  detail::scheduler* s = detail::active_scheduler();
  if (self != nullptr && s != nullptr) {
    text += " in T" + std::to_string(detail::thread_number(self));
  } else if (s != nullptr) {
    text += " in a thread racelab does not manage";
  }
  text += "\n";
  const std::string frames = detail::program_frames(own_root());
  text += frames.empty() ? "  (no frame of the program's own code: build with -g to see lines)\n"
                         : frames;
  write_all(text);
  if (s != nullptr && !detail::tsan::in_runtime()) {
    // The trace lock is free unless the crash is inside racelab's runtime,
    // which in_runtime() rules out.
    std::string schedule = "\nthe schedule so far:\n" + s->steps().render();
    schedule += "\nreplay: RACELAB_REPLAY='" +
                detail::format_schedule({s->picks(), Options{}.max_steps, {}, {}}) + "'\n";
    write_all(schedule);
  }
  if (g_last_line != nullptr) write_all(g_last_line);
  std::raise(sig);
}

void on_terminate() {
  static std::string text;
  text = "std::terminate was called";
  if (const std::exception_ptr e = std::current_exception()) {
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& x) {
      int status = -1;
      char* type = abi::__cxa_demangle(typeid(x).name(), nullptr, nullptr, &status);
      text += std::string(": an exception escaped, ") + (status == 0 ? type : typeid(x).name()) +
              " (\"" + x.what() + "\")";
      std::free(type);
    } catch (...) {
      text += ": an exception of a type not derived from std::exception escaped";
    }
  } else {
    text +=
        " (a std::thread destroyed or assigned to while still joinable, or a noexcept function "
        "that threw)";
  }
  g_terminate_text = &text;
  std::abort();
}

}  // namespace

void install_crash_report(int fd, const char* last_line) {
  g_fd = fd;
  g_last_line = last_line;
  for (int sig : kSignals)
    std::signal(sig, on_fatal_signal);
  std::set_terminate(on_terminate);
}

}  // namespace racelab
