// racelab::install_crash_report(): what a crash inside an exploration says.
//
// Guarantees: after the call, a fatal signal (SIGSEGV, SIGBUS, SIGFPE,
// SIGILL, SIGABRT: a null pointer, std::abort, an assert, std::terminate)
// prints, before the process dies of it as it would have:
//   - which signal, and for std::terminate the exception that escaped or
//     the reason (a std::thread destroyed while joinable, say);
//   - which managed thread (T1, ...) crashed, or that it was a thread
//     racelab does not manage;
//   - the program's own frames of the crashing thread, as file:line and
//     function (libstdc++'s and racelab's frames left out);
//   - inside an exploration, the steps of the schedule so far with their
//     swimlanes and the replay string that leads back to the crash.
// The text goes to the given file descriptor with write(2), then the signal
// is raised again with its default action, so exit statuses and core dumps
// stay what they were.
//
// Failure paths end: the handler runs once (a second fatal signal inside it
// gets the default action straight away, since the handler resets it first),
// takes no lock the crashing thread may hold except the trace's (a crash
// inside racelab's own runtime prints the signal and thread only), and never
// returns to the faulting code.
//
// Thread safety: call once, before threads start (it installs process-wide
// signal handlers and a terminate handler). Formatting allocates, which is
// not async-signal-safe: a crash inside malloc itself may print less.
#pragma once

namespace racelab {

// `last_line`, when given, is printed after the report (a verdict line for
// a runner that reads one); it must outlive the process.
void install_crash_report(int fd = 1, const char* last_line = nullptr);

}  // namespace racelab
