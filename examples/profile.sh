#!/usr/bin/env bash
# Builds the examples, profiles each with perf (DWARF call chains, which keep
# the frames below libtorch and FAISS) and runs hotpath with the trace: the
# ranked report of measured findings. The README's first command.
#
# Usage: bash examples/profile.sh [EXAMPLE...] [-- PROGRAM ARGS...]
#   EXAMPLE: search_service, retrieval_pipeline (default: both)
#   PROGRAM ARGS: e.g. --fix=search to profile a variant with one fix
#   (see each example's main.cpp for its fixes).
# The programs run single-threaded (OMP_NUM_THREADS=1): a profile counts CPU
# time, and idle OpenMP workers spinning on other cores would be counted as
# work that no fix removes (docs/ranking.md).
set -euo pipefail
cd "$(dirname "$0")/.."
examples=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do examples+=("$1"); shift; done
[ $# -gt 0 ] && shift
[ ${#examples[@]} -gt 0 ] || examples=(search_service retrieval_pipeline)
bash .ci/setup
bash .ci/build
for ex in "${examples[@]}"; do
  out=build/examples/profile/$ex
  mkdir -p "$out"
  echo "== perf record -e cpu-clock --call-graph dwarf $ex $*"
  (cd "$out" && OMP_NUM_THREADS=1 perf record -q -e cpu-clock -F 500 \
     --call-graph dwarf -o perf.data "../../$ex/$ex" "$@")
  perf script -i "$out/perf.data" > "$out/perf.txt" 2>/dev/null
  echo "== hotpath analyze -p build examples/$ex/main.cpp --trace $out/perf.txt"
  ./build/src/cli/hotpath analyze -p build "examples/$ex/main.cpp" \
    --trace "$out/perf.txt"
  echo
done
