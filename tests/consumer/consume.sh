#!/usr/bin/env bash
# Usage: consume.sh RACELAB_SOURCE RACELAB_BUILD CXX
# Installs the built racelab into a temporary prefix and builds the consumer
# project against it with find_package, then builds it again with
# add_subdirectory (as a unity build: racelab's sources must compile merged,
# and do so in a third of the time); runs the program each time.
set -euo pipefail
src=$1 build=$2 cxx=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" >/dev/null
[[ -f "$work/prefix/include/racelab/harness.hpp" ]] || { echo "consumer: harness.hpp not installed"; exit 1; }
[[ ! -e "$work/prefix/include/racelab/specimen.hpp" ]] || { echo "consumer: the catalog's header was installed without its library"; exit 1; }
cmake -S "$src/tests/consumer/project" -B "$work/package" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" \
      -DCMAKE_PREFIX_PATH="$work/prefix" -DRACELAB_CONSUMER_MODE=package >/dev/null
cmake --build "$work/package" >/dev/null
"$work/package/consumer"
"$work/package/consumer_std"

cmake -S "$src/tests/consumer/project" -B "$work/subdirectory" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" \
      -DRACELAB_SOURCE_DIR="$src" -DRACELAB_CONSUMER_MODE=subdirectory -DCMAKE_UNITY_BUILD=ON >/dev/null
cmake --build "$work/subdirectory" >/dev/null
"$work/subdirectory/consumer"
"$work/subdirectory/consumer_std"
echo "consumer: find_package and add_subdirectory both work"
