#include "schedule_string.hpp"

#include <charconv>
#include <stdexcept>

namespace racelab::detail {
namespace {

constexpr int kMaxThread = 4096;
constexpr long long kMaxSteps = 100'000'000;

[[noreturn]] void bad(const std::string& text, std::size_t at, const std::string& what) {
  throw std::invalid_argument("racelab: malformed schedule \"" + text + "\": " + what +
                              " at character " + std::to_string(at + 1));
}

// Reads a decimal number at text[pos...]; advances pos.
long long number(const std::string& text, std::size_t& pos, const char* what) {
  long long value = 0;
  const char* first = text.data() + pos;
  const char* last = text.data() + text.size();
  auto [end, ec] = std::from_chars(first, last, value);
  if (ec != std::errc() || end == first) bad(text, pos, std::string("expected ") + what);
  pos += static_cast<std::size_t>(end - first);
  return value;
}

}  // namespace

std::string format_schedule(const std::vector<int>& picks) {
  std::string out = "v1:";
  for (std::size_t i = 0; i < picks.size();) {
    std::size_t run = 1;
    while (i + run < picks.size() && picks[i + run] == picks[i])
      ++run;
    if (i != 0) out += ',';
    out += std::to_string(picks[i]);
    if (run > 1) out += '*' + std::to_string(run);
    i += run;
  }
  return out;
}

std::string format_perturb_schedule(std::uint64_t seed) {
  return "perturb:seed=" + std::to_string(seed);
}

parsed_schedule parse_schedule(const std::string& text) {
  parsed_schedule out;
  const std::string perturb = "perturb:seed=";
  if (text.rfind(perturb, 0) == 0) {
    std::size_t pos = perturb.size();
    std::uint64_t seed = 0;
    auto [end, ec] = std::from_chars(text.data() + pos, text.data() + text.size(), seed);
    if (ec != std::errc() || end != text.data() + text.size()) {
      bad(text, pos, "expected a decimal seed up to the end");
    }
    out.perturb = seed;
    return out;
  }
  if (text.rfind("v1:", 0) != 0) {
    bad(text, 0, "expected it to start with \"v1:\" (or \"perturb:seed=\")");
  }
  std::size_t pos = 3;
  if (pos == text.size()) bad(text, pos, "expected at least one step");
  long long total = 0;
  for (;;) {
    const long long thread = number(text, pos, "a thread number");
    if (thread < 0 || thread > kMaxThread) bad(text, pos - 1, "thread number out of range");
    long long run = 1;
    if (pos < text.size() && text[pos] == '*') {
      ++pos;
      run = number(text, pos, "a repeat count after '*'");
      if (run < 1) bad(text, pos - 1, "repeat count must be at least 1");
    }
    total += run;
    if (total > kMaxSteps) bad(text, pos - 1, "more steps than any schedule can have");
    out.picks.insert(out.picks.end(), static_cast<std::size_t>(run), static_cast<int>(thread));
    if (pos == text.size()) break;
    if (text[pos] != ',') bad(text, pos, std::string("unexpected '") + text[pos] + "'");
    ++pos;
  }
  return out;
}

}  // namespace racelab::detail
