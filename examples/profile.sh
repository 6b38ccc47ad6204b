#!/usr/bin/env bash
# Builds the examples, profiles search_service with perf (DWARF call chains,
# which keep the frames below libtorch), and runs hotpath with the trace:
# the ranked report of measured findings.
# Usage: bash examples/profile.sh [--fix=NAME,...]   (fixes: embed, add,
#        search, stoplist; see examples/search_service/main.cpp)
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/setup
bash .ci/build
OUT=build/examples/profile
mkdir -p "$OUT"
echo "== perf record --call-graph dwarf build/examples/search_service/search_service $*"
(cd "$OUT" && perf record -q -e cpu-clock -F 250 --call-graph dwarf -o perf.data \
   ../search_service/search_service "$@")
perf script -i "$OUT/perf.data" > "$OUT/perf.txt" 2>/dev/null
echo "== hotpath analyze -p build examples/search_service/main.cpp --trace $OUT/perf.txt"
./build/src/cli/hotpath analyze -p build examples/search_service/main.cpp --trace "$OUT/perf.txt"
