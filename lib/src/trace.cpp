#include "trace.hpp"

#include <algorithm>
#include <cstdio>

#include "location_text.hpp"

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

std::string value(value_text v) {
  return v.known ? std::to_string(v.value) : "?";
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
      return "wake, relock " + obj;
    case op_kind::notify_one:
      return "notify_one " + obj + (s.other >= 0 ? " (wakes " + other + ")" : " (no waiter)");
    case op_kind::notify_all:
      return "notify_all " + obj;
    case op_kind::yield:
      return "yield";
    case op_kind::check:
      return "check failed: " + obj;
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
      out += s.ok ? " " + value(s.operand) + " -> " + value(s.after)
                  : " expected " + value(s.operand) + ", saw " + value(s.before) + ": fails";
      break;
    default:
      out += "(" + value(s.operand) + ") " + value(s.before) + " -> " + value(s.after);
      break;
  }
  if (s.order != std::memory_order_seq_cst) out += std::string(" (") + order_name(s.order) + ")";
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
  for (std::size_t k = 0; k < shown.size(); ++k) {
    const std::size_t i = shown[k];
    if (k > 0 && i != previous + 1) out += "   ... |\n";
    previous = i;
    const trace_step& s = steps[i];
    std::snprintf(line, sizeof line, "%6zu |", i + 1);
    out += line;
    for (int t = 0; t < threads; ++t) {
      out += " " + pad(t == s.thread ? operation(s) : "", width) + "|";
    }
    out += "\n";
  }
  return out;
}

}  // namespace racelab::detail
