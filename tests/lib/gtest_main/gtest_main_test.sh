#!/usr/bin/env bash
# racelab::gtest_main on an ordinary test binary (plain_tests.cpp):
#  - without the flag it runs as GoogleTest always does (the racy test is
#    left out there: plain threads decide by luck whether it fails);
#  - with --racelab_iterations the racy test fails with racelab's story and a
#    replay command, the fixed one stays clean, the thread-less test runs
#    once, the racelab-aware test runs as it is;
#  - the printed replay command reproduces the failure.
set -uo pipefail
bin=$1
fail() { echo "gtest_main_test: $*"; echo "--- output ---"; cat "$out"; exit 1; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT

"$bin" --gtest_filter=-Counter.UpgradeGapLosesAnIncrement >"$out" 2>&1 || fail "plain run failed"
grep -q "\[  PASSED  \] 3 tests" "$out" || fail "plain run did not run the three other tests"
grep -q "racelab  \]" "$out" && fail "plain run explored"

RACELAB_STRATEGY=dfs "$bin" --racelab_iterations=500 >"$out" 2>&1 && fail "the racy test passed"
grep -q "\[ racelab  \] Counter.UpgradeGapLosesAnIncrement: .* check" "$out" || fail "no racelab verdict for the racy test"
grep -q "\[ racelab  \] Counter.ExclusiveLockKeepsBoth: .* clean" "$out" || fail "fixed test not clean"
grep -q "\[ racelab  \] Plain.NoThreads: 1 schedule(s), no threads: ran once" "$out" || fail "thread-less test not run once"
grep -q "\[ racelab  \] Aware.ExploresByItself: explores by itself" "$out" || fail "aware test not left alone"
grep -q "\[  FAILED  \] Counter.UpgradeGapLosesAnIncrement" "$out" || fail "gtest does not report the failure"
grep -q "\[       OK \] Counter.ExclusiveLockKeepsBoth" "$out" || fail "fixed test not OK"
grep -q "\[       OK \] Aware.ExploresByItself" "$out" || fail "aware test not OK"
replay=$(grep -o "RACELAB_REPLAY='[^']*' [^ ]* --racelab_iterations=1 --gtest_filter=[^ ]*" "$out" | head -1)
[[ -n "$replay" ]] || fail "no replay command"
schedule=$(sed -E "s/RACELAB_REPLAY='([^']*)'.*/\1/" <<<"$replay")
RACELAB_REPLAY="$schedule" "$bin" --racelab_iterations=1 \
  --gtest_filter=Counter.UpgradeGapLosesAnIncrement >"$out" 2>&1 && fail "the replay passed"
grep -q "\[ racelab  \] Counter.UpgradeGapLosesAnIncrement: 1 schedule(s), check" "$out" || fail "the replay did not fail the same way"
echo "gtest_main_test: racy test found and replayed, fixed clean, plain once, aware left alone"
