#include "proof.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "subprocess.hpp"
#include "tsan.hpp"

namespace racelab::cli {
namespace {

constexpr auto kPlainLimit = std::chrono::seconds(20);
constexpr auto kExploreLimit = std::chrono::seconds(300);

// The kinds of the ThreadSanitizer reports in a child's stderr.
std::set<std::string> tsan_reports(const std::string& err) {
  std::set<std::string> kinds;
  const std::string marker = "WARNING: ThreadSanitizer: ";
  for (std::size_t at = err.find(marker); at != std::string::npos; at = err.find(marker, at + 1)) {
    const std::size_t start = at + marker.size();
    const std::size_t end = err.find_first_of("(\n", start);
    std::string kind = err.substr(start, end - start);
    while (!kind.empty() && kind.back() == ' ')
      kind.pop_back();
    kinds.insert(kind);
  }
  return kinds;
}

std::string join(const std::set<std::string>& kinds) {
  std::string out;
  for (const auto& k : kinds)
    out += (out.empty() ? "" : ", ") + k;
  return out;
}

verdict judge_plain(const specimen& s, const variant& v, const proof_settings& settings) {
  verdict out;
  if (!detail::tsan::enabled) {
    out.note = "not a tsan build";
    return out;
  }
  if (!v.plain_run_possible) {
    out.note = "a plain run deadlocks on itself";
    return out;
  }
  out.ran = true;
  out.schedules = settings.plain_runs;
  const auto r = run_process(
      {self_path(), "run-variant", s.name, v.name, "--runs", std::to_string(settings.plain_runs)},
      kPlainLimit);
  const auto kinds = tsan_reports(r.err);
  out.flagged = !kinds.empty();
  out.kind = join(kinds);
  if (r.timed_out) out.note = "the plain run hung and was stopped";
  if (v.racy && !v.tsan_report.empty()) {
    out.as_expected = kinds.count(v.tsan_report) == 1;
    if (!out.as_expected) out.note = "expected a '" + v.tsan_report + "' report";
  } else {
    out.as_expected = kinds.empty() && (v.racy || (!r.timed_out && r.status == 0));
    if (!kinds.empty()) out.note = "expected no report";
    if (!v.racy && r.status != 0 && kinds.empty()) out.note = r.out + r.err;
  }
  return out;
}

verdict judge_exploration(const specimen& s, const variant& v, const proof_settings& settings) {
  verdict out;
  if (v.needs_tsan && !detail::tsan::enabled) {
    out.note = "only ThreadSanitizer can see it: not a tsan build";
    return out;
  }
  out.ran = true;
  const auto r = run_process({self_path(), "explore", s.name, v.name, "--fixed-pct",
                              std::to_string(settings.fixed_pct_schedules)},
                             kExploreLimit);
  nlohmann::json result;
  try {
    result = nlohmann::json::parse(r.out);
  } catch (const nlohmann::json::exception&) {
    out.note = "the exploration did not finish (status " + std::to_string(r.status) +
               (r.timed_out ? ", timed out" : "") + ")";
    return out;
  }
  out.kind = result.at("failure").get<std::string>();
  out.flagged = out.kind != "none";
  out.schedules = result.at("iterations").get<int>();
  out.exhausted = result.at("exhausted").get<bool>();
  const auto reports = tsan_reports(r.err);
  if (v.racy) {
    const bool kind_ok = std::any_of(v.harness_flags.begin(), v.harness_flags.end(),
                                     [&](Failure f) { return to_string(f) == out.kind; });
    out.as_expected = out.flagged && kind_ok && out.schedules <= v.budget;
    if (v.harness_flags.empty()) {
      out.note = "the variant declares no failure kind (variant::harness_flags)";
    } else if (!out.as_expected) {
      out.note = "expected " + std::string(to_string(v.harness_flags.front())) + " within " +
                 std::to_string(v.budget) + " schedules";
    }
  } else {
    const bool complete = v.bounded_because.empty() || v.dfs_bound >= 0
                              ? out.exhausted
                              : out.schedules >= settings.fixed_pct_schedules;
    out.as_expected = !out.flagged && reports.empty() && complete;
    if (!out.as_expected) out.note = result.at("message").get<std::string>();
  }
  return out;
}

}  // namespace

int run_plain(const specimen& s, const variant& v, int runs) {
  workload w = s.proof_workload;
  w.serial = v.plain_run_hangs;
  int broken = 0;
  for (int i = 0; i < runs; ++i) {
    try {
      v.body(w);
    } catch (const std::logic_error&) {
      ++broken;
    }
  }
  return broken;
}

Result explore_variant(const specimen& s, const variant& v, const proof_settings& settings) {
  Options o;
  if (v.racy) {
    o.strategy = Strategy::pct;
    o.iterations = v.budget;
  } else if (v.bounded_because.empty()) {
    o.strategy = Strategy::dpor;
    o.iterations = 1'000'000;
  } else if (v.dfs_bound >= 0) {
    o.strategy = Strategy::dfs;
    o.preemption_bound = v.dfs_bound;
    o.iterations = 1'000'000;
  } else {
    o.strategy = Strategy::pct;
    o.iterations = settings.fixed_pct_schedules;
  }
  o.memory_model = v.memory_model;
  const workload w = s.proof_workload;
  return explore(o, [&] { v.body(w); });
}

variant_proof prove(const specimen& s, const variant& v, const proof_settings& settings) {
  variant_proof p;
  p.of = &s;
  p.var = &v;
  p.tsan = judge_plain(s, v, settings);
  p.harness = judge_exploration(s, v, settings);
  return p;
}

}  // namespace racelab::cli
