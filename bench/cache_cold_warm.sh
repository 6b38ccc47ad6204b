#!/usr/bin/env bash
# The result cache: `hotpath analyze` on the bundled examples with an empty
# cache (cold) and again with everything cached (warm), side by side in one
# run, then after editing one file of one example (one TU re-parsed).
# Prints the median of RUNS runs of each and warm/cold.
# Usage: [RUNS=5] bench/cache_cold_warm.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
RUNS=${RUNS:-5}
HOTPATH=$BUILD/src/cli/hotpath
[ -x "$HOTPATH" ] || { echo "build hotpath first (bash .ci/build)" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FILES=(examples/search_service/main.cpp examples/search_service/fixed.cpp
       examples/retrieval_pipeline/main.cpp examples/retrieval_pipeline/fixed.cpp)

seconds() { # command... -> wall seconds
  local s e
  s=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  e=$(date +%s.%N)
  echo "$e - $s" | bc
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

cold=() warm=()
for i in $(seq "$RUNS"); do
  rm -rf "$WORK/cache"
  cold+=("$(seconds "$HOTPATH" analyze -p "$BUILD" -j 2 --cache-dir "$WORK/cache" "${FILES[@]}")")
  warm+=("$(seconds "$HOTPATH" analyze -p "$BUILD" -j 2 --cache-dir "$WORK/cache" "${FILES[@]}")")
done
"$HOTPATH" analyze -p "$BUILD" -j 2 --cache-dir "$WORK/cache" "${FILES[@]}" 2>&1 >/dev/null | grep cache
c=$(printf '%s\n' "${cold[@]}" | median)
w=$(printf '%s\n' "${warm[@]}" | median)
echo "translation units: ${#FILES[@]} (the two examples, libtorch and FAISS headers), -j 2, $RUNS runs"
printf 'cold (empty cache): %.2f s\nwarm (all cached):  %.3f s\nwarm / cold: %.3f\n' "$c" "$w" "$(echo "$w / $c" | bc -l)"
# One file edited: only its TU is parsed again.
cp examples/search_service/fixed.cpp "$WORK/fixed.cpp.orig"
edited=()
for i in $(seq "$RUNS"); do
  echo "// bench edit $i" >>examples/search_service/fixed.cpp
  edited+=("$(seconds "$HOTPATH" analyze -p "$BUILD" -j 2 --cache-dir "$WORK/cache" "${FILES[@]}")")
done
cp "$WORK/fixed.cpp.orig" examples/search_service/fixed.cpp
e=$(printf '%s\n' "${edited[@]}" | median)
printf 'one file edited:    %.2f s (1 of %d TUs parsed)\n' "$e" "${#FILES[@]}"
