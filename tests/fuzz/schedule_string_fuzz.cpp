// libFuzzer target for the schedule-string parser (the asan configuration
// builds it with -fsanitize=fuzzer,address,undefined; CTest runs it over the
// corpus in corpus/ for a fixed number of seeded runs).
//
// Properties: parse_schedule() never crashes and never allocates without
// bound (the run sets -malloc_limit_mb); a rejection is std::invalid_argument
// naming the position; whatever it accepts formats back to a string that
// parses to the same schedule.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "schedule_string.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace racelab::detail;
  const std::string text(reinterpret_cast<const char*>(data), size);
  parsed_schedule parsed;
  try {
    parsed = parse_schedule(text);
  } catch (const std::invalid_argument& e) {
    if (std::string(e.what()).find(" at character ") == std::string::npos) std::abort();
    return 0;
  }
  if (parsed.perturb) return 0;
  const parsed_schedule again = parse_schedule(format_schedule(parsed));
  if (again.picks != parsed.picks || again.max_steps != parsed.max_steps ||
      again.site != parsed.site) {
    std::abort();
  }
  return 0;
}
