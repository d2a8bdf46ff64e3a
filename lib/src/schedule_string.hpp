// Schedule strings: the replayable form of a schedule (internal).
//
//   v1:0*3,1,2*2,0      T0 runs three steps, then T1 one, T2 two, T0 one.
//   perturb:seed=42     a perturb run: not exactly replayable, reruns the seed.
//
// parse_schedule() throws std::invalid_argument saying what is wrong and where.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace racelab::detail {

struct parsed_schedule {
  std::vector<int> picks;                // for v1 strings
  std::optional<std::uint64_t> perturb;  // for perturb strings: the seed
};

std::string format_schedule(const std::vector<int>& picks);
std::string format_perturb_schedule(std::uint64_t seed);
parsed_schedule parse_schedule(const std::string& text);

}  // namespace racelab::detail
