#!/usr/bin/env bash
# Runs the fuzz targets for longer (docs/fuzzing.md), keeping a corpus per
# target in build-asan/fuzz-corpus/, and prints per target: executions,
# coverage (libFuzzer's cov: edges) and the crashes found by this run.
# Builds build-asan/ first (tests/sanitize.sh's configuration).
# Usage: bash bench/fuzz.sh [SECONDS] [TARGET...]   (default 600 s, all)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-600}
shift || true
B=build-asan
if [ ! -f $B/build.ninja ]; then
  CC=clang-14 CXX=clang++-14 cmake -S . -B $B -G Ninja \
    -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS="-O1 -g -DNDEBUG" \
    -DHOTPATH_FUZZ=ON -DHOTPATH_BUILD_EXAMPLES=OFF >/dev/null
fi
cmake --build $B -j "$(nproc)" --target fuzz_all >/dev/null
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && mapfile -t TARGETS <$B/tests/fuzz/targets.txt
printf '%-26s %12s %8s %8s\n' target executions cov crashes
for T in "${TARGETS[@]}"; do
  C=$B/fuzz-corpus/$T
  mkdir -p "$C" $B/fuzz-crashes
  case "$T" in
    fuzz_import_*) S=tests/traces/${T#fuzz_import_} ;;
    fuzz_sniff) S=tests/traces ;;
    *) S=tests/fuzz/seeds/${T#fuzz_} ;;
  esac
  find "$S" -type f ! -name '*.expected' -exec cp {} "$C/" \; 2>/dev/null || true
  # The Python rule fixtures seed the Python target as they are now.
  if [ "$T" = fuzz_python ]; then cp tests/rules/*.py "$C/"; fi
  D=tests/fuzz/dicts/$T.dict
  DICT=()
  [ -f "$D" ] && DICT=(-dict="$D")
  # Only the crashes this run finds are counted: earlier runs' artifacts
  # stay in fuzz-crashes/ for inspection.
  Before=$(ls $B/fuzz-crashes/ 2>/dev/null | grep -c "^$T-" || true)
  set +e
  $B/tests/fuzz/$T "${DICT[@]}" -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 \
    -timeout=10 -fork=1 -ignore_crashes=1 \
    -artifact_prefix="$B/fuzz-crashes/$T-" "$C" >$B/fuzz-$T.log 2>&1
  set -e
  Execs=$(grep -o '#[0-9]*' $B/fuzz-$T.log | tail -1 | tr -d '#')
  Cov=$(grep -o 'cov: [0-9]*' $B/fuzz-$T.log | tail -1 | grep -o '[0-9]*')
  After=$(ls $B/fuzz-crashes/ 2>/dev/null | grep -c "^$T-" || true)
  Crashes=$((After - Before))
  printf '%-26s %12s %8s %8s\n' "$T" "${Execs:-?}" "${Cov:-?}" "$Crashes"
done
