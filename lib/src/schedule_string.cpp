#include "schedule_string.hpp"

#include <charconv>
#include <stdexcept>

#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {
namespace {

// The schedule as a message can show it: at most 200 characters, and
// control and non-ASCII bytes as \xNN (a NUL would end the message).
std::string printable(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size() && i < 200; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      static const char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return text.size() > 200 ? out + "..." : out;
}

[[noreturn]] void bad(const std::string& text, std::size_t at, const std::string& what) {
  const std::string shown = printable(text);
  throw std::invalid_argument("racelab: malformed schedule \"" + shown + "\": " + what +
                              " at character " + std::to_string(at + 1));
}

// Reads a decimal number (digits only) at text[pos...]; advances pos.
long long number(const std::string& text, std::size_t& pos, const char* what) {
  long long value = 0;
  const char* first = text.data() + pos;
  const char* last = text.data() + text.size();
  if (first == last || *first < '0' || *first > '9')
    bad(text, pos, std::string("expected ") + what);
  auto [end, ec] = std::from_chars(first, last, value);
  if (ec != std::errc()) bad(text, pos, std::string(what) + " too large");
  pos += static_cast<std::size_t>(end - first);
  return value;
}

void parse_option(const std::string& text, std::size_t& pos, parsed_schedule& out) {
  const std::string max_steps = "max_steps=";
  const std::string at = "at=";
  const std::string rc11 = "memory_model=rc11";
  if (text.compare(pos, rc11.size(), rc11) == 0) {
    pos += rc11.size();
    out.rc11 = true;
  } else if (text.compare(pos, max_steps.size(), max_steps) == 0) {
    pos += max_steps.size();
    const long long n = number(text, pos, "a step count after max_steps=");
    if (n < 1 || n > max_schedule_steps) bad(text, pos - 1, "max_steps out of range");
    out.max_steps = static_cast<int>(n);
  } else if (text.compare(pos, at.size(), at) == 0) {
    pos += at.size();
    const std::size_t end = text.find(';', pos);
    out.site = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (out.site.empty()) bad(text, pos, "expected a call site after at=");
    pos = end == std::string::npos ? text.size() : end;
  } else {
    bad(text, pos, "unknown option (expected max_steps=, memory_model=rc11 or at=)");
  }
}

}  // namespace

std::string format_schedule(const parsed_schedule& schedule) {
  const std::vector<int>& picks = schedule.picks;
  std::string out = "v1:";
  for (std::size_t i = 0; i < picks.size();) {
    std::size_t run = 1;
    while (i + run < picks.size() && picks[i + run] == picks[i])
      ++run;
    if (i != 0) out += ',';
    out += picks[i] >= 0 ? std::to_string(picks[i]) : "c" + std::to_string(-picks[i] - 1);
    if (run > 1) out += '*' + std::to_string(run);
    i += run;
  }
  if (schedule.max_steps != default_max_steps)
    out += ";max_steps=" + std::to_string(schedule.max_steps);
  if (schedule.rc11) out += ";memory_model=rc11";
  if (!schedule.site.empty()) out += ";at=" + schedule.site;
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
    if (pos == text.size() || text[pos] < '0' || text[pos] > '9')
      bad(text, pos, "expected a decimal seed up to the end");
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
  long long total = 0;
  while (pos < text.size() && text[pos] != ';') {
    const bool choice = text[pos] == 'c';
    if (choice) ++pos;
    const long long thread = number(text, pos, choice ? "a choice after 'c'" : "a thread number");
    if (thread >= max_threads) {
      bad(text, pos - 1, choice ? "choice out of range" : "thread number out of range");
    }
    long long run = 1;
    if (pos < text.size() && text[pos] == '*') {
      ++pos;
      run = number(text, pos, "a repeat count after '*'");
      if (run < 1) bad(text, pos - 1, "repeat count must be at least 1");
    }
    total += run;
    if (total > max_schedule_steps) bad(text, pos - 1, "more steps than any schedule can have");
    const int pick = choice ? -static_cast<int>(thread) - 1 : static_cast<int>(thread);
    out.picks.insert(out.picks.end(), static_cast<std::size_t>(run), pick);
    if (pos == text.size() || text[pos] == ';') break;
    if (text[pos] != ',')
      bad(text, pos, "unexpected '" + printable(std::string(1, text[pos])) + "'");
    ++pos;
    if (pos == text.size()) bad(text, pos, "expected a thread number");
  }
  while (pos < text.size()) {
    ++pos;  // the ';'
    parse_option(text, pos, out);
    if (pos < text.size() && text[pos] != ';')
      bad(text, pos, "unexpected '" + printable(std::string(1, text[pos])) + "'");
  }
  if (static_cast<long long>(out.picks.size()) > out.max_steps)
    bad(text, text.size() - 1, "more steps than its max_steps");
  return out;
}

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
