// Schedule strings: the replayable form of a schedule (internal).
//
//   v1:0*3,1,2*2,0      T0 runs three steps, then T1 one, T2 two, T0 one.
//   v1:0,c1,1           T0 runs a step whose choice (a spurious wake-up, say)
//                       takes answer 1, then T1 runs a step.
//   v1:                 a schedule that failed before its first step.
//   v1:0*2500,1*2500;max_steps=5000
//                       options that shape the schedule follow after ';'
//                       (only when they differ from the defaults).
//   v1:0,c2,1;memory_model=rc11
//                       explored under the C++ memory model (memory_model.hpp):
//                       its choices include which store each load read.
//   v1:0,1;at=my_test.cpp:42#3
//                       the explore() call it came from (file:line of the
//                       call, and which call from there in the process):
//                       RACELAB_REPLAY replays only that call.
//   perturb:seed=42     a perturb run: not exactly replayable, reruns the seed.
//
// parse_schedule() throws std::invalid_argument saying what is wrong and at
// which character; it never allocates more than max_schedule_steps picks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace racelab::detail {

// Managed threads per schedule (T0 included), and picks per schedule string.
inline constexpr int max_threads = 256;
inline constexpr long long max_schedule_steps = 10'000'000;
inline constexpr int default_max_steps = 100000;

struct parsed_schedule {
  std::vector<int> picks;                // for v1 strings; -a-1 for choice answer a
  int max_steps = default_max_steps;     // Options::max_steps of the run
  std::string site;                      // "file:line#call", or empty
  std::optional<std::uint64_t> perturb;  // for perturb strings: the seed
  bool rc11 = false;                     // Options::memory_model == rc11
};

std::string format_schedule(const parsed_schedule& schedule);
std::string format_perturb_schedule(std::uint64_t seed);
parsed_schedule parse_schedule(const std::string& text);

}  // namespace racelab::detail
