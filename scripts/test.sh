#!/usr/bin/env bash
# Usage: scripts/test.sh PRESET...
# Builds each preset and runs its share of the tests:
#   debug   - unit, kata (the runner) and consumer tests (GCC)
#   release - bench-smoke: every benchmark runs one iteration (Clang -O3; ThinLTO for the harness benchmarks)
#   tsan    - unit, tsan and kata tests under ThreadSanitizer (Clang)
#   asan    - unit tests under AddressSanitizer + UBSan (Clang)
# Ends with one summary line per preset and "N passed, M failed".
# RACELAB_REPEAT=N runs every test until it fails, at most N times (make
# test-repeat: a flaky test shows up as a failure).
set -uo pipefail
cd "$(dirname "$0")/.."

labels_for() {
  case "$1" in
    debug) echo "unit|kata|consumer" ;;
    release) echo "bench-smoke" ;;
    tsan) echo "unit|tsan|kata" ;;
    asan) echo "unit" ;;
  esac
}

passed=0 failed=0 skips=0 summary=()
for preset in "$@"; do
  if ! scripts/build.sh "$preset"; then
    summary+=("$(printf '%-8s build FAILED' "$preset")")
    failed=$((failed + 1))
    continue
  fi
  log=build/$preset/last-test.log
  repeat=()
  if [[ -n "${RACELAB_REPEAT:-}" ]]; then repeat=(--repeat "until-fail:$RACELAB_REPEAT"); fi
  ctest --test-dir "build/$preset" -L "$(labels_for "$preset")" -j "$(nproc)" --timeout 600 \
        "${repeat[@]}" \
        --output-on-failure 2>&1 | tee "$log" |
    grep -vE "^ *[0-9]+/[0-9]+ Test +#[0-9]+: .* (Passed|Skipped)|^ +Start +[0-9]+:" || true
  line=$(grep -E "tests passed, [0-9]+ tests failed out of [0-9]+" "$log" | tail -1)
  total=$(sed -nE 's/.*out of ([0-9]+).*/\1/p' <<<"$line")
  bad=$(sed -nE 's/.* ([0-9]+) tests failed.*/\1/p' <<<"$line")
  if [[ -z "$total" ]]; then
    summary+=("$(printf '%-8s no tests ran' "$preset")")
    failed=$((failed + 1))
    continue
  fi
  skipped=$(grep -cE "^\s+[0-9]+ - .* \(Skipped\)$" "$log" || true)
  ran=$((total - bad - skipped))
  passed=$((passed + ran)) failed=$((failed + bad)) skips=$((skips + skipped))
  summary+=("$(printf '%-8s %4d passed, %d failed, %d skipped' "$preset" "$ran" "$bad" "$skipped")")
done

echo
echo "racelab test summary"
for s in "${summary[@]}"; do echo "  $s"; done
echo "$passed passed, $failed failed, $skips skipped"
((failed == 0))
