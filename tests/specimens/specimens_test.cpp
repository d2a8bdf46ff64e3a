// The catalog's proofs under the harness, in builds without ThreadSanitizer
// (the tsan build proves everything, TSan included, with `racelab verify`).
//
// For every racy variant: the harness flags it with a declared Failure kind
// within its declared budget, the failure replays to the same failure and
// trace, and the process stays usable (the specimen's first fix then
// explores clean in the same process). For every fix: dfs exhausts the space within its
// preemption bound (>= 2), or 10,000 pct schedules pass. Then RapidCheck
// varies the workload: fixes keep their invariant for every generated
// workload; for the racy counter the harness finds a violation in every
// workload, and RapidCheck shrinks it to the smallest: 2 threads, 1 increment.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <string>

#include <racelab/gtest.hpp>
#include <racelab/specimen.hpp>

#include "tsan.hpp"

namespace {

struct named_variant {
  const racelab::specimen* s;
  const racelab::variant* v;
};

std::vector<named_variant> variants(bool racy) {
  std::vector<named_variant> out;
  for (const auto& s : racelab::catalog()) {
    for (const auto& v : s.variants) {
      if (v.racy == racy) out.push_back({&s, &v});
    }
  }
  return out;
}

// The fixes whose proof is bounded (dfs within variant::dfs_bound).
std::vector<named_variant> bounded_fixes() {
  std::vector<named_variant> out;
  for (const named_variant& n : variants(false)) {
    if (!n.v->bounded_because.empty() && n.v->dfs_bound >= 0) out.push_back(n);
  }
  return out;
}

std::string test_name(const ::testing::TestParamInfo<named_variant>& info) {
  return info.param.s->name + "_" + info.param.v->name;
}

// The same schedules on either backend; fibers run them many times faster
// (no OS thread's creation per managed thread, which costs up to a few ms
// under a sanitizer), and only unmodified std code needs OS threads.
racelab::Backend backend_for(const racelab::variant& v) {
  return v.std_types ? racelab::Backend::threads : racelab::Backend::fibers;
}

class Racy : public ::testing::TestWithParam<named_variant> {};
class Fixed : public ::testing::TestWithParam<named_variant> {};

TEST_P(Racy, IsFlaggedByTheHarnessWithinItsBudget) {
  const racelab::specimen* s = GetParam().s;
  const racelab::variant* v = GetParam().v;
  if (racelab::detail::tsan::enabled) GTEST_SKIP() << "proven with TSan by `racelab verify`";
  if (v->needs_tsan) GTEST_SKIP() << "only ThreadSanitizer can see it (proven in the tsan build)";
  racelab::Options o;
  o.strategy = racelab::Strategy::pct;
  o.iterations = v->budget;
  o.memory_model = v->memory_model;
  const racelab::workload w = s->proof_workload;
  const auto r = racelab::explore(o, [&] { v->body(w); });
  EXPECT_NE(std::find(v->harness_flags.begin(), v->harness_flags.end(), r.failure),
            v->harness_flags.end())
      << racelab::testing::describe(r);
  EXPECT_LE(r.iterations, v->budget);
}

// The failing schedule replays exactly, and a failure (a deadlock leaving
// its threads parked, a failed check, a broken memory order) leaves the
// process usable: the specimen's first fix, explored next, is clean.
TEST_P(Racy, TheFailureReplaysAndTheProcessStaysUsable) {
  const racelab::specimen* s = GetParam().s;
  const racelab::variant* v = GetParam().v;
  if (racelab::detail::tsan::enabled) GTEST_SKIP() << "proven with TSan by `racelab verify`";
  if (v->needs_tsan) GTEST_SKIP() << "only ThreadSanitizer can see it (proven in the tsan build)";
  racelab::Options o;
  o.strategy = racelab::Strategy::pct;
  o.iterations = v->budget;
  o.memory_model = v->memory_model;
  const racelab::workload w = s->proof_workload;
  const auto r = racelab::explore(o, [&] { v->body(w); });
  ASSERT_TRUE(r.failed()) << racelab::testing::describe(r);
  const auto again = racelab::replay(r.schedule, [&] { v->body(w); });
  EXPECT_EQ(again.failure, r.failure) << racelab::testing::describe(again);
  // The same text, pointers stored in atomics included (named, not shown
  // as addresses: the heap lays objects out differently in another run).
  EXPECT_EQ(again.trace, r.trace);

  const auto fix = std::find_if(s->variants.begin(), s->variants.end(),
                                [](const racelab::variant& f) { return !f.racy; });
  ASSERT_NE(fix, s->variants.end());
  racelab::Options after;
  after.strategy = racelab::Strategy::pct;
  after.iterations = 20;
  after.memory_model = fix->memory_model;
  const auto clean = racelab::explore(after, [&] { fix->body(w); });
  EXPECT_EXPLORED_CLEAN(clean);
}

TEST_P(Fixed, IsCleanInEveryScheduleItsProofCovers) {
  const racelab::specimen* s = GetParam().s;
  const racelab::variant* v = GetParam().v;
  if (racelab::detail::tsan::enabled) GTEST_SKIP() << "proven with TSan by `racelab verify`";
  racelab::Options o;
  if (v->bounded_because.empty()) {
    o.strategy = racelab::Strategy::dpor;
    o.iterations = 1'000'000;
  } else if (v->dfs_bound >= 0) {
    ASSERT_GE(v->dfs_bound, 2);
    o.strategy = racelab::Strategy::dfs;
    o.preemption_bound = v->dfs_bound;
    o.iterations = 1'000'000;
  } else {
    o.strategy = racelab::Strategy::pct;
    o.iterations = 10'000;
  }
  o.memory_model = v->memory_model;
  o.backend = backend_for(*v);
  const racelab::workload w = s->proof_workload;
  const auto r = racelab::explore(o, [&] { v->body(w); });
  EXPECT_EXPLORED_CLEAN(r);
  if (o.strategy == racelab::Strategy::pct) {
    EXPECT_EQ(r.iterations, 10'000);
  } else {
    EXPECT_TRUE(r.exhausted);
  }
}

// A fix whose proof is bounded is clean in every behaviour within its bound
// by bounded dpor too (no false alarm of the reduction), in fewer schedules.
class BoundedFix : public ::testing::TestWithParam<named_variant> {};

TEST_P(BoundedFix, IsCleanUnderBoundedDporWithinItsBound) {
  const racelab::specimen* s = GetParam().s;
  const racelab::variant* v = GetParam().v;
  if (racelab::detail::tsan::enabled) GTEST_SKIP() << "proven with TSan by `racelab verify`";
  const racelab::workload w = s->proof_workload;
  auto bounded = [&](racelab::Strategy strategy) {
    racelab::Options o;
    o.strategy = strategy;
    o.preemption_bound = v->dfs_bound;
    o.iterations = 1'000'000;
    o.memory_model = v->memory_model;
    o.backend = backend_for(*v);
    return racelab::explore(o, [&] { v->body(w); });
  };
  const auto reduced = bounded(racelab::Strategy::dpor);
  EXPECT_EXPLORED_CLEAN(reduced);
  EXPECT_TRUE(reduced.exhausted);
  EXPECT_LE(reduced.iterations, bounded(racelab::Strategy::dfs).iterations);
}

INSTANTIATE_TEST_SUITE_P(Catalog, Racy, ::testing::ValuesIn(variants(true)), test_name);
INSTANTIATE_TEST_SUITE_P(Catalog, Fixed, ::testing::ValuesIn(variants(false)), test_name);
INSTANTIATE_TEST_SUITE_P(Catalog, BoundedFix, ::testing::ValuesIn(bounded_fixes()), test_name);

TEST(Catalog, HasTheRequiredSpecimensAndAtLeastSevenMore) {
  for (const char* name : {"counter", "bank_transfer", "lock_order_cycle"}) {
    EXPECT_NE(racelab::find_specimen(name), nullptr) << name;
  }
  EXPECT_GE(racelab::catalog().size(), 10u);
  for (const auto& s : racelab::catalog()) {
    EXPECT_FALSE(s.summary.empty() || s.invariant.empty() || s.explanation.empty()) << s.name;
    EXPECT_TRUE(std::any_of(s.variants.begin(), s.variants.end(), [](auto& v) { return v.racy; }))
        << s.name;
    EXPECT_TRUE(std::any_of(s.variants.begin(), s.variants.end(), [](auto& v) { return !v.racy; }))
        << s.name;
  }
}

// --- RapidCheck over workloads ------------------------------------------------

racelab::workload draw_workload() {
  racelab::workload w;
  w.threads = *rc::gen::inRange(2, 5);
  w.operations = *rc::gen::inRange(1, 6);
  w.accounts = *rc::gen::inRange(2, 5);
  w.amount = *rc::gen::inRange(1, 100);
  return w;
}

racelab::Result explore_pct(const racelab::variant& v, const racelab::workload& w, int iterations) {
  racelab::Options o;
  o.strategy = racelab::Strategy::pct;
  o.iterations = iterations;
  o.memory_model = v.memory_model;
  o.backend = backend_for(v);
  return racelab::explore(o, [&] { v.body(w); });
}

TEST(Workloads, EveryFixKeepsItsInvariantForGeneratedWorkloads) {
  if (racelab::detail::tsan::enabled) GTEST_SKIP() << "non-tsan builds";
  for (const named_variant& fix : variants(false)) {
    const racelab::variant* v = fix.v;
    const racelab::specimen* s = fix.s;
    const bool ok = rc::check(s->name + "/" + v->name + " keeps its invariant", [v] {
      const racelab::workload w = draw_workload();
      const auto r = explore_pct(*v, w, 30);
      RC_ASSERT(r.failure == racelab::Failure::none);
    });
    EXPECT_TRUE(ok) << s->name << "/" << v->name;
  }
}

// The racy counter fails for every workload, and RapidCheck's shrinking
// takes the counterexample down to the smallest workload that shows it.
TEST(Workloads, TheRacyCounterShrinksToTwoThreadsOneIncrementEach) {
  if (racelab::detail::tsan::enabled) GTEST_SKIP() << "non-tsan builds";
  const racelab::variant& racy = *racelab::find_specimen("counter")->find("unsynchronized");
  racelab::workload smallest{100, 100};
  const auto result = rc::detail::checkTestable([&] {
    const racelab::workload w = draw_workload();
    const auto r = explore_pct(racy, w, 200);
    if (r.failure != racelab::Failure::none) {
      if (w.threads * 100 + w.operations < smallest.threads * 100 + smallest.operations)
        smallest = w;
    }
    RC_ASSERT(r.failure == racelab::Failure::none);  // "the counter is correct": false
  });
  rc::detail::FailureResult failure;
  ASSERT_TRUE(result.match(failure)) << "the racy counter was never caught";
  EXPECT_EQ(smallest.threads, 2);
  EXPECT_EQ(smallest.operations, 1);
  EXPECT_NE(failure.counterExample.size(), 0u);
}

}  // namespace
