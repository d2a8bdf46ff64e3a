#!/usr/bin/env bash
# Usage: scripts/test_long.sh [PRESET]   (make test-long; default: debug)
# The property tests with fresh random seeds and ten times the cases of
# `make test` (which runs them from one fixed seed, RACELAB_RC_PARAMS): each
# run draws new programs, schedules and workloads. A failure prints
# RapidCheck's reproduce string; run the test binary with
# RC_PARAMS="reproduce=..." to see it again. Exit status: 0 when all pass.
set -uo pipefail
cd "$(dirname "$0")/.."
preset=${1:-debug}
scripts/build.sh "$preset" || exit 1
params="max_success=1000"
failed=0
run() {  # run BINARY GTEST_FILTER
  echo "== $1 --gtest_filter=$2 (RC_PARAMS=$params)"
  RC_PARAMS=$params "build/$preset/tests/$1" --gtest_filter="$2" || failed=1
}
run lib/harness_test 'DporProperty.*:ScheduleString.FormatThenParseIsTheIdentity:ScheduleString.GarbageNeverCrashesTheParser'
run detectors/detectors_test 'LockOrderProperty.*'
run specimens/specimens_test 'Workloads.*'
if ((failed)); then
  echo "test-long: SOME PROPERTIES FAILED (the reproduce strings are above)"
  exit 1
fi
echo "test-long: every property held for 1,000 fresh cases each"
