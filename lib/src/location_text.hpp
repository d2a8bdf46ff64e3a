// How source locations appear in racelab's messages and traces (internal).
#pragma once

#include <string>

#include "racelab/source_location.hpp"

namespace racelab::detail {

// "file.cpp:12": the file's base name and the line; "" when unknown, and also
// for lines inside the standard library's headers (a std::lock_guard's call
// to lock(), say), which would only point away from the user's code.
std::string location_text(source_location loc);

// Whether the call returning to `pc` was made by libstdc++'s atomic wait
// (bits/atomic_wait.h, atomic_timed_wait.h: the yields of its spin before a
// futex wait). Needs debug information; false when unknown. Cached per pc.
bool in_std_atomic_wait(const void* pc);

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

// " at file.cpp:12", or "" when location_text() is empty.
std::string location_suffix(source_location loc);

}  // namespace racelab::detail
