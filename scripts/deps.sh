#!/usr/bin/env bash
# Checks the Debian packages racelab needs and installs the missing ones.
# As root it runs apt-get itself; otherwise it prints the exact command and fails.
set -euo pipefail

packages=(
  make cmake ninja-build g++ clang libclang-rt-14-dev lld clang-format
  libgtest-dev libgmock-dev libbenchmark-dev librapidcheck-dev
  libcli11-dev nlohmann-json3-dev libtomlplusplus-dev libboost-context-dev git gdb
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "racelab: missing Debian packages: ${missing[*]}" >&2
  echo "racelab: install them with:  sudo apt-get update && sudo $cmd" >&2
  exit 1
fi

echo "racelab: installing ${missing[*]} ..."
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
if ! { apt-get update -qq && $cmd; } >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  echo "racelab: apt-get failed; the full log is $log" >&2
  exit 1
fi
rm -f "$log"
echo "racelab: dependencies installed."
