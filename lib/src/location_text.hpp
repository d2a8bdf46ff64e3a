// How source locations appear in racelab's messages and traces (internal).
#pragma once

#include <string>

#include "racelab/source_location.hpp"

namespace racelab::detail {

// "file.cpp:12": the file's base name and the line; "" when unknown, and also
// for lines inside the standard library's headers (a std::lock_guard's call
// to lock(), say), which would only point away from the user's code.
std::string location_text(source_location loc);

// Reads the debug information of every loaded module now, and the line
// table around `pc`: a process that forks for each schedule (`racelab
// run`'s fork server) pays for it once instead of in every child, where it
// is most of a schedule's time in a debug build. Does nothing without
// libbacktrace.
void prepare_symbolizer(const void* pc);

// Whether the call returning to `pc` was made by libstdc++'s atomic wait
// (bits/atomic_wait.h, atomic_timed_wait.h: the yields of its spin before a
// futex wait). Needs debug information; false when unknown. Cached per pc.
bool in_std_atomic_wait(const void* pc);

// Whether the access made at `pc` is libstdc++'s own code other than
// std::atomic's operations: a std::vector or std::string working on its
// buffer, inlined into the program. Such accesses are not scheduling points
// (the containers need the program's own synchronization, whose operations
// are points, and a race inside them is ThreadSanitizer's to report). Needs
// debug information; false when unknown. Cached per pc.
bool std_internal_access(const void* pc);

// Whether the call returning to `pc` is part of libstdc++'s atomic wait or
// notify (inlined from bits/atomic_wait.h or atomic_timed_wait.h): the
// atomics of its spin and of its waiter count. Cached per pc.
bool in_std_atomic_wait_code(const void* pc);

// Whose code made the call returning to `pc`, by the innermost frame
// outside libstdc++'s headers: racelab's public headers (a racelab::atomic
// operation inlined into the program), racelab's own sources, or the
// program. The program when unknown (no debug information). Cached per pc.
enum class code_origin { program, racelab_header, racelab_internal };
code_origin origin_of(const void* pc);

// What traces call plain memory at `address`: the global's name from the
// symbol table ("counter", "counter+4"), else the address ("0x7ffd1234").
// Cached per address; the pointer stays valid for the process.
const char* data_name(const void* address);

// The return address to show for a call that returns to `pc`: `pc` itself
// when it has a line of the program's own, else the first caller up the
// calling thread's stack that has one (a std::mutex::lock not inlined at
// -O0, a std::condition_variable::wait inside libstdc++.so), else `pc`.
// Call it from the thread whose stack holds `pc`. Cached symbolization;
// a stack walk only for calls made from inside the standard library.
const void* program_caller(const void* pc);

// The calling thread's stack as "    at task.cpp:12  in pool::get()" lines,
// innermost first, keeping only frames with a line of the program's own:
// libstdc++'s headers and files whose path starts with `own_root` (racelab's
// sources) are left out. Symbolizes with libbacktrace; meant for crash
// reports (it allocates). "" without debug information.
std::string program_frames(const char* own_root);

// " at file.cpp:12", or "" when location_text() is empty.
std::string location_suffix(source_location loc);

}  // namespace racelab::detail
