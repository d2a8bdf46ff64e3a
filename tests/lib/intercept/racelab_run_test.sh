#!/usr/bin/env bash
# `racelab run` on the unmodified programs of programs/ (intercept_program):
# each bug found, each printed replay command reproduces it, each fixed twin
# clean, and a crash (abort) and a non-zero exit() are reported with the
# schedule's trace. Seeded. The C programs are built with racelab_instrument,
# and the preloaded library provides the memory-access hooks, so the lost
# update and the read-locked transfer are found too.
set -uo pipefail
racelab=$1 program=$2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
fail() { echo "racelab_run_test: $*"; echo "--- output ---"; cat "$out"; exit 1; }

expect() {  # expect KIND NAME [MODE]
  local kind=$1; shift
  "$racelab" run --iterations 500 --seed 1 -- "$program" "$@" >"$out" 2>&1
  [[ $? == 1 ]] || fail "$* was not reported as a failure"
  grep -q "^racelab run: $kind" "$out" || fail "$* not reported as $kind"
  grep -q "swimlanes:" "$out" || fail "$*: no swimlanes"
  local schedule
  schedule=$(sed -nE "s/^replay: racelab run --replay '([^']*)'.*/\1/p" "$out")
  [[ -n "$schedule" ]] || fail "$*: no replay command"
  "$racelab" run --replay "$schedule" -- "$program" "$@" >"$out" 2>&1
  [[ $? == 1 ]] || fail "the replay of $* passed"
  grep -q "^racelab run: $kind in schedule 1 (replay)" "$out" || fail "the replay of $* differs"
}

clean() {
  "$racelab" run --iterations 200 --seed 1 -- "$program" "$1" fixed >"$out" 2>&1 ||
    fail "fixed $1 reported"
  grep -q "^racelab run: no failure in 200 schedule(s)" "$out" || fail "fixed $1: no verdict"
}

for p in c_lost_update:check c_rwlock_transfer:check \
         c_abba:lock_order_inversion c_cond_if:check c_sem_buffer:deadlock \
         cpp_async_exception:check cpp_latch:deadlock cpp_shared_upgrade:check \
         cpp_jthread_stop:deadlock cpp_atomic_wait:deadlock; do
  expect "${p#*:}" "${p%%:*}"
  clean "${p%%:*}"
done
expect "crash: Aborted" c_cond_if abort
expect check c_cond_if exit
grep -q "exit(4)" "$out" || fail "exit(4) not named"

"$racelab" run -- /nonexistent/program >"$out" 2>&1
[[ $? == 2 ]] || fail "a missing program is not a usage error"
echo "racelab_run_test: 10 bugs found and replayed, 10 twins clean, crash and exit reported"
