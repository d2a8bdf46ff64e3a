#!/usr/bin/env bash
# Usage: scripts/build.sh PRESET [TARGET...]
# Configures (once) and builds one CMake preset quietly; on failure prints the
# build log's errors.
set -euo pipefail
preset=$1; shift
cd "$(dirname "$0")/.."
dir=build/$preset
mkdir -p "$dir"
log=$dir/last-build.log
if [[ ! -f $dir/build.ninja ]]; then
  if ! cmake --preset "$preset" >"$log" 2>&1; then
    cat "$log" >&2
    echo "racelab: configuring '$preset' failed (log: $log)" >&2
    exit 1
  fi
fi
targets=()
for t in "$@"; do targets+=(--target "$t"); done
if ! cmake --build "$dir" "${targets[@]}" >"$log" 2>&1; then
  grep -E "error|Error|FAILED" "$log" | head -40 >&2 || true
  echo "racelab: building '$preset' failed (full log: $log)" >&2
  exit 1
fi
echo "racelab: built $preset"
