#!/usr/bin/env bash
# Usage: scripts/tsan_bench.sh [BENCHMARK ARGS...]
# bench/exploration_bench under ThreadSanitizer: the tsan preset's flags in a
# build directory of its own (build/tsan-bench, benchmarks only), so that
# `make test`'s tsan build stays without benchmarks. Default filter: the fiber
# rows (2 threads x 3 fetch_add and 4 x 10). The schedules/s column is the
# figure README quotes against the 100,000/s target.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build/tsan-bench
log=$dir/last-build.log
mkdir -p "$dir"
if [[ ! -f $dir/build.ninja ]]; then
  if ! cmake --preset tsan -B "$dir" -DRACELAB_BUILD_BENCH=ON -DRACELAB_BUILD_TESTS=OFF \
    -DRACELAB_BUILD_KATA=OFF >"$log" 2>&1; then
    cat "$log" >&2
    echo "racelab: configuring $dir failed (log: $log)" >&2
    exit 1
  fi
fi
if ! cmake --build "$dir" --target exploration_bench >"$log" 2>&1; then
  grep -E "error|Error|FAILED" "$log" | head -40 >&2 || true
  echo "racelab: building exploration_bench under TSan failed (full log: $log)" >&2
  exit 1
fi
[[ $# -gt 0 ]] || set -- --benchmark_filter='schedules_per_second/.*/fibers:1'
# The options every exploration under TSan needs (README, "ThreadSanitizer").
export TSAN_OPTIONS="suppress_equal_stacks=0:suppress_equal_addresses=0${TSAN_OPTIONS:+:$TSAN_OPTIONS}"
exec "$dir/bench/exploration_bench" "$@"
