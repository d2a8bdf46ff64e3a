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

// " at file.cpp:12", or "" when location_text() is empty.
std::string location_suffix(source_location loc);

}  // namespace racelab::detail
