// Compiled-in sanitizer defaults for racelab's own test and tool binaries.
//
// Linked only into executables of the tsan/asan configurations (never into
// racelab::harness, so importing projects keep their own defaults). Options
// given in TSAN_OPTIONS / ASAN_OPTIONS / UBSAN_OPTIONS still override these.

#ifndef RACELAB_SANITIZERS_DIR
#error "RACELAB_SANITIZERS_DIR must name the sanitizers/ directory"
#endif

extern "C" {

// suppress_equal_stacks=0, suppress_equal_addresses=0: TSan reports a race
//   on an address (or between two stacks) only once per process by default,
//   so a second exploration racing on the same stack slot would see nothing;
//   with these every exploration that races gets its own report.
// second_deadlock_stack=1: lock-order reports show where both locks were taken.
// history_size=7: the longest access history TSan keeps. TSan reports a race
//   only while the earlier access is still in its thread's history (README,
//   "ThreadSanitizer").
// atexit_sleep_ms=0: TSan otherwise sleeps a second at exit whenever another
//   thread is alive, to let it run into a race; racelab's binaries join
//   their threads, and the TSan fibers of the fiber backend's spare stacks
//   (alive, never run again) made every process that used fibers sleep.
const char* __tsan_default_options() {
  return "suppress_equal_stacks=0:suppress_equal_addresses=0:second_deadlock_stack=1:history_size="
         "7:atexit_sleep_ms=0:"
         "suppressions=" RACELAB_SANITIZERS_DIR "/tsan.supp";
}

// detect_stack_use_after_return: catches a thread using a dead frame's locals.
const char* __asan_default_options() {
  return "detect_stack_use_after_return=1:strict_init_order=1:check_initialization_order=1";
}

const char* __lsan_default_options() {
  return "suppressions=" RACELAB_SANITIZERS_DIR "/lsan.supp";
}

const char* __ubsan_default_options() {
  return "print_stacktrace=1:halt_on_error=1";
}

}  // extern "C"
