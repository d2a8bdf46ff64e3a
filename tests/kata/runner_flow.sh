#!/usr/bin/env bash
# Usage: runner_flow.sh RUNNER SOURCE
# The kata runner end to end, on a copy of the kata tree: an unsolved exercise
# shows its failure and interleaving; once the solution is in place the
# progress advances; hints come tier by tier; the solution opens only after
# passing; reset keeps the student's version; a broken file is reported.
set -uo pipefail
runner=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$src/kata" "$work/kata"
run() { "$runner" --source "$src" --kata "$work/kata" --build "$work/build" --state "$work/state.json" "$@"; }
fail() { echo "runner_flow: FAIL: $*"; echo "--- output:"; echo "$out"; exit 1; }
expect() { grep -qF -- "$1" <<<"$out" || fail "expected '$1'"; }

out=$(run check 2>&1); status=$?
((status == 1)) || fail "an unsolved exercise must exit 1, got $status"
expect "0/13"
expect "01. Starting and joining threads"
expect "T0 detaches T1 at task.cpp"
expect "swimlanes"
expect "racelab-kata: FAIL misuse"
expect "make kata-hint"

cp "$work/kata/01-start-and-join/solution.cpp" "$work/kata/01-start-and-join/task.cpp"
out=$(run check 2>&1)
expect "Solved!"
expect "1/13"
expect "02. Returning results from threads"

out=$(run hint 2>&1); expect "Hint 1 of 3 for 02-results-from-threads"
out=$(run hint 2>&1); expect "Hint 2 of 3"

out=$(run solution 2 2>&1); status=$?
((status == 1)) || fail "the solution of an unsolved exercise must stay closed"
expect "Solve exercise 02 first"
out=$(run solution 1 2>&1); expect "w.join()"

echo "// a student's work in progress" >>"$work/kata/01-start-and-join/task.cpp"
out=$(run reset 1 2>&1); expect "your version is saved as task.cpp."
ls "$work/kata/01-start-and-join/"task.cpp.*.bak >/dev/null 2>&1 || fail "no backup written"
grep -q "work in progress" "$work/kata/01-start-and-join/"task.cpp.*.bak || fail "backup lost the student's lines"
cmp -s "$work/kata/01-start-and-join/task.cpp" "$work/kata/01-start-and-join/start.cpp" || fail "task.cpp not restored"
out=$(run list 2>&1); expect "[ ] 01."

cp "$work/kata/01-start-and-join/solution.cpp" "$work/kata/01-start-and-join/task.cpp"
echo "this is not C++" >>"$work/kata/02-results-from-threads/task.cpp"
out=$(run check 2>&1); status=$?
((status == 1)) || fail "a broken file must exit 1"
expect "Your code does not compile yet"
expect "task.cpp"
echo "runner_flow: ok"
