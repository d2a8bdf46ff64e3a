// The scheduler's bookkeeping of objects and steps: how mutexes, condition
// variables and atomics are named, and how each step enters the trace and
// the fairness rules.
#include <algorithm>
#include <charconv>
#include <cstring>

#include "location_text.hpp"
#include "scheduler.hpp"
#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {
namespace {

// Identifies a quiet step for fairness: the same operation on the same
// object at the same line, reading the same value.
std::uint64_t signature(const trace_step& s) {
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](std::uint64_t v) { h = (h ^ v) * 1099511628211ULL; };
  mix(static_cast<std::uint64_t>(s.kind));
  mix(static_cast<std::uint64_t>(s.aop));
  mix(static_cast<std::uint64_t>(s.object + 1));
  mix(reinterpret_cast<std::uintptr_t>(s.where.file));
  mix(s.where.line);
  mix(s.before.bits);
  return h;
}

}  // namespace

scheduler::object_state& scheduler::object(const void* address, object_tag tag,
                                           source_location created) {
  auto it = objects_.find(address);
  if (it != objects_.end()) return it->second;
  object_state o;
  o.kind = tag.kind;
  o.created = created;
  o.serial = ++object_serial_;
  std::string label;
  if (tag.name != nullptr) {
    label = tag.name;
  } else if (const char* given = given_name(address)) {
    label = given;
  } else {
    static constexpr const char* kinds[] = {"mutex", "mutex",   "cv",   "shared_mutex",
                                            "sem",   "barrier", "once", "futex"};
    const auto k = static_cast<std::size_t>(tag.kind);
    label = std::string(kinds[k]) + "#" + std::to_string(++kind_names_[k]);
  }
  o.name = static_cast<int>(trace_.names.size());
  // The legend: a global's own name (its address would differ from run to
  // run, and a replay must show the same trace), where it was created.
  const std::string symbol = data_name(address);
  std::string legend = symbol.rfind("0x", 0) == 0 ? "" : symbol;
  if (created.known())
    legend += (legend.empty() ? "created" : ", created") + location_suffix(created);
  if (!legend.empty())
    trace_.objects.push_back(label + std::string(label.size() < 16 ? 16 - label.size() : 1, ' ') +
                             legend);
  trace_.names.push_back(label);
  return objects_.emplace(address, std::move(o)).first->second;
}

scheduler::object_state* scheduler::find_object(const void* address) {
  const auto it = objects_.find(address);
  return it != objects_.end() ? &it->second : nullptr;
}

std::string scheduler::object_name(const object_state& o) const {
  return trace_.names[static_cast<std::size_t>(o.name)];
}

int scheduler::atomic_name(const void* address, const char* name, const char* fallback) {
  atomic_info& info = atomic_info_of(address);
  if (info.name >= 0) return info.name;
  info.name = static_cast<int>(trace_.names.size());
  if (name != nullptr) {
    trace_.names.emplace_back(name);
    return info.name;
  }
  // "atomic#3": formatted in place, as every schedule names its atomics anew
  // (a string built of temporaries cost a fiber schedule a twentieth).
  char label[64];
  const std::size_t length = std::min(std::strlen(fallback), sizeof label - 24);
  std::memcpy(label, fallback, length);
  label[length] = '#';
  const auto end = std::to_chars(label + length + 1, label + sizeof label, ++atomic_names_).ptr;
  trace_.names.emplace_back(label, end);
  return info.name;
}

void scheduler::record(thread_record& self, op_kind kind, int object, int other, bool ok) {
  if (failed() && kind != op_kind::check) return;  // draining: the trace ends at the failure
  trace_step& s = trace_.steps.emplace_back();     // in place: a step is large
  s.thread = self.number;
  s.kind = kind;
  s.object = object;
  s.other = other;
  s.ok = ok;
  s.where = self.pending_at;
  stepped(self, s);
}

void scheduler::stepped_quietly(thread_record& self, const trace_step& s) {
  fairness_.stepped(self.number, true, s.kind == op_kind::yield, signature(s), s.stale_of_step > 0);
  previous_yielded_ = s.kind == op_kind::yield;
}

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
