#include "trace.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

#include "location_text.hpp"
#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {
namespace {

const char* order_name(std::memory_order o) {
  switch (o) {
    case std::memory_order_relaxed:
      return "relaxed";
    case std::memory_order_consume:
      return "consume";
    case std::memory_order_acquire:
      return "acquire";
    case std::memory_order_release:
      return "release";
    case std::memory_order_acq_rel:
      return "acq_rel";
    default:
      return "seq_cst";
  }
}

const char* atomic_name(atomic_op op) {
  switch (op) {
    case atomic_op::load:
      return "load";
    case atomic_op::store:
      return "store";
    case atomic_op::exchange:
      return "exchange";
    case atomic_op::fetch_add:
      return "fetch_add";
    case atomic_op::fetch_sub:
      return "fetch_sub";
    case atomic_op::fetch_and:
      return "fetch_and";
    case atomic_op::fetch_or:
      return "fetch_or";
    case atomic_op::fetch_xor:
      return "fetch_xor";
    case atomic_op::cas_weak:
      return "compare_exchange_weak";
    default:
      return "compare_exchange_strong";
  }
}

std::string format_value(value_text v) {
  using K = value_text::kind;
  char buf[64];
  switch (v.type) {
    case K::none:
      return "?";
    case K::signed_int:
      return std::to_string(static_cast<long long>(v.bits));
    case K::unsigned_int:
      return std::to_string(v.bits);
    case K::boolean:
      return v.bits != 0 ? "true" : "false";
    case K::floating: {
      double d = 0;
      std::memcpy(&d, &v.bits, sizeof d);
      std::snprintf(buf, sizeof buf, "%g", d);
      return buf;
    }
    case K::pointer:
      std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v.bits));
      return buf;
    case K::bytes: {
      std::string out = "{";
      for (unsigned i = 0; i < v.size && i < 8; ++i) {
        std::snprintf(buf, sizeof buf, "%s%02x", i == 0 ? "" : " ",
                      static_cast<unsigned>((v.bits >> (8 * i)) & 0xff));
        out += buf;
      }
      return out + "}";
    }
    case K::hashed:
      std::snprintf(buf, sizeof buf, "<%u bytes #%04llx>", static_cast<unsigned>(v.size),
                    static_cast<unsigned long long>(v.bits & 0xffff));
      return buf;
  }
  return "?";
}

std::string pad(std::string s, std::size_t width) {
  if (s.size() > width) {
    s.resize(width - 1);
    s += "~";
  }
  s.resize(width, ' ');
  return s;
}

}  // namespace

std::string trace::format_value(value_text v) {
  return detail::format_value(v);
}

std::string trace::value(value_text v) const {
  if (v.type != value_text::kind::pointer) return format_value(v);
  if (v.bits == 0) return "nullptr";
  const auto global = [](std::uint64_t bits) {
    const char* name = data_name(reinterpret_cast<const void*>(bits));
    return std::string_view(name).rfind("0x", 0) == 0 ? nullptr : name;
  };
  if (const char* name = global(v.bits)) return std::string("&") + name;
  // Its number: distinct other pointers that appear before it, in step
  // order (operand, value read, value written).
  std::vector<std::uint64_t> seen;
  for (const trace_step& s : steps) {
    for (const value_text w : {s.operand, s.before, s.after}) {
      if (w.type != value_text::kind::pointer || w.bits == 0) continue;
      if (w.bits == v.bits) return "ptr#" + std::to_string(seen.size() + 1);
      if (std::find(seen.begin(), seen.end(), w.bits) == seen.end() && global(w.bits) == nullptr)
        seen.push_back(w.bits);
    }
  }
  return format_value(v);  // not in the steps (a message's value)
}

std::string trace::operation(const trace_step& s) const {
  const std::string obj = s.object >= 0 ? names[static_cast<std::size_t>(s.object)] : "";
  const std::string other = thread_name(s.other);
  switch (s.kind) {
    case op_kind::start:
      return "start";
    case op_kind::finish:
      return "finish";
    case op_kind::spawn:
      return "spawn " + other;
    case op_kind::join:
      return "join " + other;
    case op_kind::join_all:
      return "body returns";
    case op_kind::lock:
      return "lock " + obj;
    case op_kind::try_lock:
      return "try_lock " + obj + (s.ok ? " -> true" : " -> false");
    case op_kind::unlock:
      return "unlock " + obj;
    case op_kind::wait:
      return "wait " + obj;
    case op_kind::reacquire:
      return (s.other == 1   ? "time out, relock "
              : s.other == 2 ? "wake spuriously, relock "
                             : "wake, relock ") +
             obj;
    case op_kind::notify_one:
      return "notify_one " + obj + (s.other >= 0 ? " (wakes " + other + ")" : " (no waiter)");
    case op_kind::notify_all:
      return "notify_all " + obj;
    case op_kind::yield:
      return "yield";
    case op_kind::check:
      return "check failed: " + obj;
    case op_kind::lock_shared:
      return "lock_shared " + obj;
    case op_kind::try_lock_shared:
      return "try_lock_shared " + obj + (s.ok ? " -> true" : " -> false");
    case op_kind::unlock_shared:
      return "unlock_shared " + obj;
    case op_kind::wait_event:
      return "wait on " + obj;
    case op_kind::no_wait:
      return "wait on " + obj + ": no need, returns";
    case op_kind::wake:
      return (s.other == 1   ? "time out on "
              : s.other == 2 ? "wake spuriously from "
                             : "wake from ") +
             obj;
    case op_kind::sleep:
      return "sleep (time is modelled: no real wait)";
    case op_kind::read:
      return "read " + obj;
    case op_kind::write:
      return "write " + obj;
    case op_kind::atomic:
      break;
  }
  std::string out = std::string(atomic_name(s.aop)) + " " + obj;
  switch (s.aop) {
    case atomic_op::load:
      out += " -> " + value(s.before);
      break;
    case atomic_op::store:
      out += " = " + value(s.after);
      break;
    case atomic_op::exchange:
      out += " " + value(s.before) + " -> " + value(s.after);
      break;
    case atomic_op::cas_weak:
    case atomic_op::cas_strong:
      if (s.ok) {
        out += " " + value(s.operand) + " -> " + value(s.after);
      } else if (s.aop == atomic_op::cas_weak && s.operand.bits == s.before.bits) {
        out += " expected " + value(s.operand) + ", saw it: fails spuriously";
      } else {
        out += " expected " + value(s.operand) + ", saw " + value(s.before) + ": fails";
      }
      break;
    default:
      out += "(" + value(s.operand) + ") " + value(s.before) + " -> " + value(s.after);
      break;
  }
  if (s.order != std::memory_order_seq_cst) out += std::string(" (") + order_name(s.order) + ")";
  if (s.stale_of_step > 0 && static_cast<std::size_t>(s.stale_of_step) <= steps.size()) {
    // A stale read (memory_model.hpp): what it did not see.
    const trace_step& newest = steps[static_cast<std::size_t>(s.stale_of_step) - 1];
    out += " (an older value; " + thread_name(newest.thread) + " stored " + value(newest.after) +
           " at step " + std::to_string(s.stale_of_step) + ")";
  }
  return out;
}

std::string trace::render(std::size_t keep) const {
  // Which steps to show: all, or the first and last keep/2.
  std::vector<std::size_t> shown;
  const std::size_t n = steps.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (n <= keep || i < keep / 2 || i >= n - keep / 2) shown.push_back(i);
  }
  int threads = 0;
  for (const trace_step& s : steps)
    threads = std::max(threads, s.thread + 1);

  if (n == 0) {
    return "steps (0): none; the failure came before any thread reached its first scheduling "
           "point (T0 was still in the test's first stretch of code)\n";
  }
  std::string out = "steps (" + std::to_string(n) + "):\n";
  char line[64];
  std::size_t previous = 0;
  for (std::size_t k = 0; k < shown.size(); ++k) {
    const std::size_t i = shown[k];
    if (k > 0 && i != previous + 1) {
      out += "  ... " + std::to_string(i - previous - 1) + " steps left out ...\n";
    }
    previous = i;
    const trace_step& s = steps[i];
    std::snprintf(line, sizeof line, "%5zu  T%-3d ", i + 1, s.thread);
    std::string op = operation(s);
    const std::string at = location_text(s.where);
    if (!at.empty()) op = (op.size() < 46 ? pad(op, 46) : op + " ") + " " + at;
    out += line + op + "\n";
  }

  constexpr std::size_t width = 26;
  out += "\nswimlanes:\n  step |";
  for (int t = 0; t < threads; ++t)
    out += " " + pad("T" + std::to_string(t), width) + "|";
  out += "\n  -----+";
  for (int t = 0; t < threads; ++t)
    out += std::string(width + 1, '-') + "+";
  out += "\n";
  previous = 0;
  bool any_stale = false;
  for (std::size_t k = 0; k < shown.size(); ++k) {
    const std::size_t i = shown[k];
    if (k > 0 && i != previous + 1) out += "   ... |\n";
    previous = i;
    const trace_step& s = steps[i];
    std::snprintf(line, sizeof line, "%6zu |", i + 1);
    out += line;
    // A stale read is marked first thing in its cell, where a narrow lane
    // cannot cut the mark off.
    std::string cell;
    if (s.stale_of_step > 0) {
      trace_step plain = s;
      plain.stale_of_step = 0;
      cell = "*" + operation(plain);
      any_stale = true;
    } else {
      cell = operation(s);
    }
    for (int t = 0; t < threads; ++t) {
      out += " " + pad(t == s.thread ? cell : "", width) + "|";
    }
    out += "\n";
  }
  if (any_stale) out += "  * read an older value than the latest store (see the steps above)\n";
  if (!objects.empty()) {
    out += "\nobjects:\n";
    for (const std::string& o : objects)
      out += "  " + o + "\n";
  }
  return out;
}

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
