#!/usr/bin/env bash
# Times `hotpath analyze` and `clang-tidy -checks=-*,performance-*` on the
# same translation unit (one that includes <torch/torch.h> and FAISS), side
# by side in one run, and prints the ratio. Median of RUNS runs each.
# Usage: bench/analyze_vs_clang_tidy.sh [BUILD_DIR] [FILE] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
FILE=${2:-examples/search_service/main.cpp}
RUNS=${3:-3}
HOTPATH=$BUILD/src/cli/hotpath
TIDY=$(command -v clang-tidy-14 || command -v clang-tidy)
RESOURCE_DIR=$(clang-14 -print-resource-dir 2>/dev/null || clang -print-resource-dir)

[ -x "$HOTPATH" ] || { echo "build hotpath first (bash .ci/build)" >&2; exit 2; }
grep -q '#include <torch/torch.h>' "$FILE" || { echo "$FILE does not include <torch/torch.h>" >&2; exit 2; }

seconds() { # CMD... -> wall seconds of one run
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN {printf "%.3f", e - s}' 
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

hp=() tidy=()
for _ in $(seq "$RUNS"); do
  hp+=("$(seconds "$HOTPATH" analyze -p "$BUILD" "$FILE" -j 1)")
  tidy+=("$(seconds "$TIDY" -p "$BUILD" --extra-arg=-resource-dir="$RESOURCE_DIR" -checks='-*,performance-*' "$FILE")")
done
hp_med=$(printf '%s\n' "${hp[@]}" | median)
tidy_med=$(printf '%s\n' "${tidy[@]}" | median)
printf 'file:             %s\n' "$FILE"
printf 'hotpath analyze:  %6.2f s  (median of %d: %s)\n' "$hp_med" "$RUNS" "${hp[*]}"
printf 'clang-tidy perf:  %6.2f s  (median of %d: %s)\n' "$tidy_med" "$RUNS" "${tidy[*]}"
printf 'ratio hotpath/clang-tidy: %.3f (target <= 0.25)\n' "$(awk -v a="$hp_med" -v b="$tidy_med" 'BEGIN {print a / b}')"
