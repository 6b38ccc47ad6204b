#!/usr/bin/env bash
# The sanitizer and fuzzing stage of CI (docs/fuzzing.md): hotpath, its unit
# tests and its fuzz targets built with clang, ASan and UBSan (no recovery);
# the unit and CLI tests run on that build; every regression input is
# replayed; every fuzz target runs HOTPATH_FUZZ_RUNS inputs (default 5000,
# seed 1: the same inputs on every run, so CI is deterministic; at most 60 s)
# from its seeds. Any sanitizer report fails.
# Usage: bash tests/sanitize.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$(pwd)
B=build-asan
RUNS=${HOTPATH_FUZZ_RUNS:-5000}
if [ ! -f $B/build.ninja ]; then
  CC=clang-14 CXX=clang++-14 cmake -S . -B $B -G Ninja \
    -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS="-O1 -g -DNDEBUG" \
    -DHOTPATH_FUZZ=ON -DHOTPATH_BUILD_EXAMPLES=OFF >/dev/null
fi
cmake --build $B -j "$(nproc)" --target hotpath hotpath_unit_tests \
  hotpath_trace_toy hotpath_trace_toy_inline fuzz_all
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

echo "== unit tests (ASan + UBSan) $(date +%T)"
# The real-header integration test parses <torch/torch.h>: slow and the
# same code as the fixtures; the e2e tests run the release build. The
# inline-symbolization test checks how much of gcc's toy build is inlined:
# clang inlines it differently (the release build runs it).
$B/tests/hotpath_unit_tests --gtest_brief=1 \
  --gtest_filter='-RealHeaders.*:BundledExample.*:PerfSymbolizeInline.*'
echo "== cli test (ASan + UBSan) $(date +%T)"
XDG_CACHE_HOME=$B/test-cache bash tests/cli/cli_test.sh "$SRC/$B/src/cli/hotpath" "$SRC" "$SRC/$B"

echo "== fuzz targets: regressions, then ${RUNS} inputs each $(date +%T)"
seeds_of() {
  case "$1" in
    fuzz_import_perf_script) echo tests/traces/perf_script ;;
    fuzz_import_folded) echo tests/traces/folded ;;
    fuzz_import_chrome_json) echo tests/traces/chrome_json ;;
    fuzz_import_callgrind) echo tests/traces/callgrind ;;
    fuzz_import_pstats) echo tests/traces/pstats ;;
    fuzz_import_line_profiler) echo tests/traces/line_profiler ;;
    fuzz_import_scalene) echo tests/traces/scalene ;;
    fuzz_import_speedscope) echo tests/traces/speedscope ;;
    fuzz_import_pprof) echo tests/traces/pprof ;;
    fuzz_sniff) echo tests/traces/* ;;
    fuzz_python) echo tests/fuzz/seeds/python ;;
    *) echo tests/fuzz/seeds/${1#fuzz_} ;;
  esac
}
for T in $(cat $B/tests/fuzz/targets.txt); do
  R=tests/fuzz/regressions/$T
  if [ -d "$R" ] && [ -n "$(ls -A "$R")" ]; then
    $B/tests/fuzz/$T -runs=0 "$R" >$B/fuzz-$T-regressions.log 2>&1 ||
      { tail -40 $B/fuzz-$T-regressions.log; echo "FAIL: $T on $R"; exit 1; }
  fi
  W=$B/fuzz-work/$T
  rm -rf "$W"; mkdir -p "$W"
  # shellcheck disable=SC2046
  cp -r $(seeds_of "$T") "$W/" 2>/dev/null || true
  # The Python rule fixtures seed the Python target as they are now.
  if [ "$T" = fuzz_python ]; then mkdir -p "$W/fixtures"; cp tests/rules/*.py "$W/fixtures/"; fi
  find "$W" -name '*.expected' -delete
  mkdir -p "$W/corpus"
  D=tests/fuzz/dicts/$T.dict
  DICT=()
  [ -f "$D" ] && DICT=(-dict="$D")
  $B/tests/fuzz/$T "${DICT[@]}" -runs="$RUNS" -seed=1 -max_total_time=60 -rss_limit_mb=2048 \
    -timeout=10 -artifact_prefix="$B/fuzz-crash-$T-" "$W/corpus" \
    $(find "$W" -mindepth 1 -maxdepth 1 -type d ! -name corpus) \
    >$B/fuzz-$T.log 2>&1 ||
    { tail -40 $B/fuzz-$T.log; echo "FAIL: $T (artifact in $B/fuzz-crash-$T-*)"; exit 1; }
  echo "$T: $(grep -o 'Done [0-9]* runs in [0-9]* second' $B/fuzz-$T.log | tail -1), $(grep -o 'cov: [0-9]*' $B/fuzz-$T.log | tail -1)"
done
echo "sanitize: ok $(date +%T)"
