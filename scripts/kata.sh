#!/usr/bin/env bash
# Usage: scripts/kata.sh COMMAND [ARGS]   (check, list, hint, reset N, solution N, watch)
# Builds the kata runner quietly in build/kata and runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
tree=build/kata
log=$tree/runner-build.log
mkdir -p "$tree"
if [[ ! -f $tree/build.ninja ]]; then
  echo "racelab-kata: preparing the exercises (first time only, about a minute) ..."
  if ! cmake -S . -B "$tree" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DRACELAB_BUILD_TESTS=OFF \
         -DRACELAB_BUILD_BENCH=OFF >"$log" 2>&1; then
    tail -20 "$log" >&2
    echo "racelab-kata: could not configure the exercises (log: $log)" >&2
    exit 2
  fi
fi
if ! cmake --build "$tree" --target racelab-kata >"$log" 2>&1; then
  grep -E "error" "$log" | head -20 >&2 || true
  echo "racelab-kata: could not build the runner (log: $log)" >&2
  exit 2
fi
exec "$tree/kata/racelab-kata" "$@"
