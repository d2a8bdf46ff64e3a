#!/usr/bin/env bash
# Instructions one schedule of 2 threads x 3 fetch_add costs on fibers
# (bench/schedule_cost.cpp, release build), counted by callgrind: a figure
# that does not move with the machine's speed, for comparing two versions of
# the hot path. Needs valgrind (Debian package valgrind).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "racelab: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
scripts/build.sh release schedule_cost >/dev/null
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null build/release/bench/schedule_cost "$1" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
low=$(count 1000)
high=$(count 3000)
echo "instructions per schedule: $(((high - low) / 2000)) (2 threads x 3 fetch_add, pct, fibers)"
