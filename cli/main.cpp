// racelab: the specimen catalog's command-line tool.
//
//   racelab list                      the catalog
//   racelab prove [NAME...] [--json]  prove every race and every fix (TSan + harness)
//   racelab show NAME [VARIANT]       the failing interleaving of a racy variant
//   racelab replay NAME SCHEDULE [VARIANT]
//   racelab verify NAME               prove one specimen; exit 1 if anything is off
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "proof.hpp"
#include "racelab/harness.hpp"
#include "racelab/specimen.hpp"
#include "run_program.hpp"

namespace {

using racelab::cli::variant_proof;

const racelab::specimen& specimen_named(const std::string& name) {
  if (const auto* s = racelab::find_specimen(name)) return *s;
  std::string known;
  for (const auto& s : racelab::catalog())
    known += " " + s.name;
  throw CLI::ValidationError("NAME", "no specimen '" + name + "'; the catalog has:" + known);
}

const racelab::variant& variant_named(const racelab::specimen& s, const std::string& name) {
  if (name.empty()) {
    for (const auto& v : s.variants) {
      if (v.racy) return v;
    }
  }
  if (const auto* v = s.find(name)) return *v;
  std::string known;
  for (const auto& v : s.variants)
    known += " " + v.name;
  throw CLI::ValidationError("VARIANT",
                             "'" + s.name + "' has no variant '" + name + "'; it has:" + known);
}

// How a variant's harness verdict was reached.
std::string proof_strategy(const racelab::variant& var) {
  if (var.racy) return "pct";
  if (var.bounded_because.empty()) return "dpor";
  return var.dfs_bound >= 0 ? "dfs" : "pct";
}

// What a verdict shows, and no more. A fix explored by dpor to exhaustion
// is proven: every behaviour (class of equivalent schedules) ran. One
// explored by dfs is clean for every schedule within its bound (not every
// schedule), which counts preemptions and unusual choices alike (a stale
// read, a store placed early, a spurious wake-up: Options::preemption_bound);
// one sampled by pct is clean for the schedules run (probabilistic).
std::string describe(const racelab::cli::verdict& v, bool harness, const racelab::variant& var) {
  if (!v.ran) return "n/a (" + v.note + ")";
  std::string out;
  const std::string n = std::to_string(v.schedules);
  const std::string schedules = n + (v.schedules == 1 ? " schedule" : " schedules");
  if (!harness) {
    out = v.flagged ? v.kind : "silent (" + n + " runs)";
  } else if (v.flagged) {
    out = v.kind + " in " + schedules;
  } else if (proof_strategy(var) == "dpor") {
    out = v.exhausted ? "proven: all behaviours, " + schedules + " (dpor, exhaustive)"
                      : "clean, " + schedules + " (dpor did not exhaust)";
  } else if (proof_strategy(var) == "pct") {
    out = "no failure in " + n + " pct schedules (probabilistic)";
  } else if (v.exhausted) {
    out = "clean: all " + n + " schedules within " + std::to_string(var.dfs_bound) +
          " preemptions or unusual choices";
  } else {
    out = "clean, " + n + " schedules (not all within the bound)";
  }
  if (harness && var.memory_model == racelab::MemoryModel::rc11) out += ", under C++20 (RC11)";
  if (!v.as_expected) out += "  << UNEXPECTED: " + v.note;
  return out;
}

void print_table(const std::vector<variant_proof>& proofs) {
  std::printf("%-20s %-36s %-20s %-34s %s\n", "specimen", "variant", "bug class", "TSan",
              "harness");
  std::printf("%s\n", std::string(150, '-').c_str());
  for (const auto& p : proofs) {
    const std::string cls = p.var->racy ? std::string(racelab::to_string(p.var->kind)) : "(fix)";
    std::printf("%-20s %-36s %-20s %-34s %s\n", p.of->name.c_str(),
                ((p.var->racy ? "racy: " : "fixed: ") + p.var->name).c_str(), cls.c_str(),
                describe(p.tsan, false, *p.var).c_str(), describe(p.harness, true, *p.var).c_str());
  }
  bool heading = false;
  for (const auto& p : proofs) {
    if (p.var->racy || p.var->bounded_because.empty()) continue;
    if (!heading) std::printf("\nfixes dpor cannot exhaust (their proof is bounded):\n");
    heading = true;
    std::printf("  %s/%s: %s\n", p.of->name.c_str(), p.var->name.c_str(),
                p.var->bounded_because.c_str());
  }
}

nlohmann::json to_json(const std::vector<variant_proof>& proofs) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& p : proofs) {
    for (const bool harness : {false, true}) {
      const auto& v = harness ? p.harness : p.tsan;
      rows.push_back(
          {{"name", p.of->name},
           {"bug_class", p.var->racy ? std::string(racelab::to_string(p.var->kind)) : ""},
           {"variant", p.var->racy ? "racy" : "fixed"},
           {"variant_name", p.var->name},
           {"detector", harness ? "harness" : "tsan"},
           {"verdict", !v.ran      ? "n/a"
                       : v.flagged ? "flagged"
                                   : "clean"},
           {"kind", v.kind},
           {"schedules", v.schedules},
           {"exhaustive", v.exhausted},
           {"strategy", harness ? proof_strategy(*p.var) : "plain"},
           {"preemption_bound", harness && proof_strategy(*p.var) == "dfs" ? p.var->dfs_bound : -1},
           {"bounded_because", harness && !p.var->racy ? p.var->bounded_because : ""},
           {"memory_model",
            p.var->memory_model == racelab::MemoryModel::rc11 ? "rc11" : "sequentially_consistent"},
           {"as_expected", v.as_expected || !v.ran}});
    }
  }
  return rows;
}

std::vector<variant_proof> prove_all(const std::vector<std::string>& names, bool progress,
                                     const racelab::cli::proof_settings& settings) {
  std::vector<const racelab::specimen*> chosen;
  if (names.empty()) {
    for (const auto& s : racelab::catalog())
      chosen.push_back(&s);
  } else {
    for (const auto& n : names)
      chosen.push_back(&specimen_named(n));
  }
  std::vector<variant_proof> proofs;
  int done = 0;
  for (const auto* s : chosen) {
    if (progress) {
      std::fprintf(stderr, "[%d/%zu] proving %s ...\n", ++done, chosen.size(), s->name.c_str());
    }
    for (const auto& v : s->variants)
      proofs.push_back(racelab::cli::prove(*s, v, settings));
  }
  return proofs;
}

bool all_as_expected(const std::vector<variant_proof>& proofs) {
  for (const auto& p : proofs) {
    if (!p.as_expected()) return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"racelab: racy programs paired with fixes, each race and each fix proven"};
  app.require_subcommand(1);
  racelab::cli::proof_settings settings;

  auto* list = app.add_subcommand("list", "the catalog with bug classes and summaries");

  std::vector<std::string> prove_names;
  bool json = false;
  auto* prove =
      app.add_subcommand("prove", "the proof table: TSan and the harness on every variant");
  prove->add_option("NAME", prove_names, "specimens to prove (default: all)");
  prove->add_flag("--json", json, "print the proofs as a JSON array");

  std::string name, variant_name, schedule;
  auto* show =
      app.add_subcommand("show", "the failing interleaving of a racy variant, as swimlanes");
  show->add_option("NAME", name, "specimen")->required();
  show->add_option("VARIANT", variant_name, "racy variant (default: the first)");

  auto* replay = app.add_subcommand("replay", "replay a schedule of a variant exactly");
  replay->add_option("NAME", name, "specimen")->required();
  replay->add_option("SCHEDULE", schedule, "schedule string from a failure (v1:...)")->required();
  replay->add_option("VARIANT", variant_name, "variant (default: the first racy one)");

  auto* verify =
      app.add_subcommand("verify", "prove one specimen; exit status 1 unless all is as declared");
  verify->add_option("NAME", name, "specimen")->required();

  racelab::cli::run_settings run_program;
  auto* run_unmodified = app.add_subcommand(
      "run",
      "explore an unmodified, dynamically linked program: racelab run [options] -- ./program args");
  run_unmodified->add_option("--strategy", run_program.strategy, "random or pct (default pct)")
      ->check(CLI::IsMember({"random", "pct"}));
  run_unmodified->add_option("--iterations", run_program.iterations, "schedules to run at most")
      ->check(CLI::PositiveNumber);
  run_unmodified->add_option("--seed", run_program.seed, "seed of the first schedule");
  run_unmodified->add_option("--replay", run_program.replay, "replay one schedule (v1:...)");
  run_unmodified->add_option("--timeout", run_program.timeout, "seconds one schedule may take")
      ->check(CLI::PositiveNumber);
  run_unmodified->add_option("COMMAND", run_program.command, "the program and its arguments")
      ->required();

  int runs = 5;
  auto* run = app.add_subcommand("run-variant",
                                 "(internal) run a variant plainly, outside any exploration");
  run->add_option("NAME", name)->required();
  run->add_option("VARIANT", variant_name)->required();
  run->add_option("--runs", runs, "how many runs")->check(CLI::PositiveNumber);
  run->group("");

  auto* explore =
      app.add_subcommand("explore", "(internal) explore a variant, print the Result as JSON");
  explore->add_option("NAME", name)->required();
  explore->add_option("VARIANT", variant_name)->required();
  explore->add_option("--fixed-pct", settings.fixed_pct_schedules,
                      "pct schedules for fixes without dfs");
  explore->group("");

  CLI11_PARSE(app, argc, argv);

  try {
    if (list->parsed()) {
      for (const auto& s : racelab::catalog()) {
        std::string classes;
        for (const auto& v : s.variants) {
          if (!v.racy) continue;
          const std::string c(racelab::to_string(v.kind));
          if (classes.find(c) == std::string::npos) classes += (classes.empty() ? "" : ", ") + c;
        }
        std::printf("%-20s %-32s %s\n", s.name.c_str(), classes.c_str(), s.summary.c_str());
      }
      return 0;
    }
    if (prove->parsed() || verify->parsed()) {
      if (verify->parsed()) prove_names = {name};
      const auto proofs = prove_all(prove_names, !json, settings);
      if (json) {
        std::cout << to_json(proofs).dump(2) << "\n";
      } else {
        print_table(proofs);
      }
      const bool ok = all_as_expected(proofs);
      if (!json)
        std::printf("\n%s\n", ok ? "every race caught; every fix proven in all its behaviours "
                                   "(dpor), or clean in all its schedules within its preemption "
                                   "bound (dfs) or in every pct schedule sampled"
                                 : "SOME PROOFS FAILED");
      return ok ? 0 : 1;
    }
    if (show->parsed() || replay->parsed()) {
      const auto& s = specimen_named(name);
      const auto& v = variant_named(s, variant_name);
      const racelab::workload w = s.proof_workload;
      racelab::Result r;
      if (replay->parsed()) {
        r = racelab::replay(schedule, [&] { v.body(w); });
      } else {
        racelab::Options o;
        o.iterations = std::max(v.budget, 1) * 10;
        o.memory_model = v.memory_model;
        r = racelab::explore(o, [&] { v.body(w); });
      }
      std::printf("%s / %s: %s\ninvariant: %s\n\n", s.name.c_str(), v.name.c_str(),
                  s.summary.c_str(), s.invariant.c_str());
      if (!r.failed()) {
        std::printf("no failure in %d schedule(s)\n", r.iterations);
        return v.racy && show->parsed() ? 1 : 0;
      }
      std::printf("%s\n\n%s\nwhy: %s\n", r.message.c_str(), r.trace.c_str(), s.explanation.c_str());
      return 0;
    }
    if (run_unmodified->parsed()) return racelab::cli::run_unmodified(run_program);
    if (run->parsed()) {
      const auto& s = specimen_named(name);
      const int broken = racelab::cli::run_plain(s, variant_named(s, variant_name), runs);
      std::printf("invariant broken in %d of %d plain runs\n", broken, runs);
      return 0;
    }
    if (explore->parsed()) {
      const auto& s = specimen_named(name);
      const auto r = racelab::cli::explore_variant(s, variant_named(s, variant_name), settings);
      std::cout << nlohmann::json{{"failure", std::string(racelab::to_string(r.failure))},
                                  {"iterations", r.iterations},
                                  {"exhausted", r.exhausted},
                                  {"schedule", r.schedule},
                                  {"message", r.message}}
                       .dump()
                << std::endl;
      return 0;
    }
  } catch (const CLI::Error& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    const std::string what = e.what();
    std::fprintf(stderr, "%s%s\n", what.rfind("racelab:", 0) == 0 ? "" : "racelab: ", what.c_str());
    return 2;
  }
  return 0;
}
