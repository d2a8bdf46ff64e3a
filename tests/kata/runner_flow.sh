#!/usr/bin/env bash
# Usage: runner_flow.sh RUNNER SOURCE
# The kata runner end to end, on a copy of the kata tree: an unsolved exercise
# shows its failure and interleaving; once the solution is in place the
# progress advances; hints come tier by tier; the solution opens only after
# passing; reset keeps the student's version; a broken file is reported; a
# crash, a time-out and a missing task.cpp are each explained.
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
expect "0/19"
expect "01. Starting and joining threads"
expect "T0 detaches T1 at task.cpp"
expect "swimlanes"
expect "racelab-kata: FAIL misuse"
expect "make kata-hint"

ex01=$work/kata/01-start-and-join

# A crash: the signal, the thread, the line of task.cpp, the schedule so far.
cat >"$ex01/task.cpp" <<'EOF'
#include <thread>
#include <vector>
#include "task.hpp"
std::vector<int> squares(int n) {
  std::vector<int> out(static_cast<std::size_t>(n));
  std::thread t([] {
    int* volatile nowhere = nullptr;
    *nowhere = 1;  // the crash
  });
  t.join();
  return out;
}
EOF
out=$(run check 2>&1); status=$?
((status == 1)) || fail "a crash must exit 1, got $status"
expect "The program crashed: Segmentation fault in T1"
expect "at task.cpp:8"
expect "the schedule so far"
expect "racelab-kata: FAIL crash"
expect "Not solved yet"

# A thread spinning where racelab cannot schedule: the checker's watchdog
# says so, with each thread's place in task.cpp.
cat >"$ex01/task.cpp" <<'EOF'
#include <vector>
#include "task.hpp"
std::vector<int> squares(int n) {
  volatile int spin = 0;
  while (spin == 0) {
  }
  return std::vector<int>(static_cast<std::size_t>(n));
}
EOF
out=$(run --time-limit 60 check 2>&1)
expect "Starting and joining threads"
expect "no progress for"
expect "Where each thread is now"
expect "at task.cpp:5"

# A time-out (a global constructor that never ends, before the checker
# starts): the runner shows each thread's place in task.cpp.
cat >"$ex01/task.cpp" <<'EOF'
#include <vector>
#include "task.hpp"
static int forever = [] {
  volatile int spin = 0;
  while (spin == 0) {
  }
  return 0;
}();
std::vector<int> squares(int n) { return std::vector<int>(static_cast<std::size_t>(n + forever)); }
EOF
out=$(run --time-limit 5 check 2>&1)
expect "ran out of time (5 s)"
expect "at task.cpp:5"

# A missing task.cpp: said so; reset restores it; nothing else breaks.
rm "$ex01/task.cpp"
out=$(run check 2>&1); status=$?
((status == 1)) || fail "a missing task.cpp must exit 1, got $status"
expect "kata/01-start-and-join/task.cpp is missing"
expect "make kata-reset 01"
out=$(run reset 1 2>&1); expect "there was none to save"
cmp -s "$ex01/task.cpp" "$ex01/start.cpp" || fail "reset did not restore a missing task.cpp"
out=$(run solution 2>&1); expect "Which exercise? make kata-solution N"

cp "$work/kata/01-start-and-join/solution.cpp" "$work/kata/01-start-and-join/task.cpp"
out=$(run check 2>&1)
expect "Solved!"
expect "Explored: "
expect "and ThreadSanitizer was silent"
expect "1/19"
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
