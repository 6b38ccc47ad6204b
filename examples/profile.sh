#!/usr/bin/env bash
# Builds the examples, profiles each and runs hotpath with the trace: the
# ranked report of measured findings. The README's first command.
#   C++ examples: perf with DWARF call chains, which keep the frames below
#   libtorch and FAISS.
#   The Python example (semantic_search): cProfile, then line_profiler
#   (examples/lprof_run.py), with Debian's /usr/bin/python3, which has torch
#   and faiss; one report per trace.
#
# Usage: bash examples/profile.sh [EXAMPLE...] [-- PROGRAM ARGS...]
#   EXAMPLE: search_service, retrieval_pipeline, semantic_search (default:
#   all three)
#   PROGRAM ARGS: e.g. --fix=search to profile a variant with one fix
#   (see each example's main.cpp or service.py for its fixes).
# The programs run single-threaded (OMP_NUM_THREADS=1): a profile counts CPU
# time, and idle OpenMP workers spinning on other cores would be counted as
# work that no fix removes (docs/ranking.md).
set -euo pipefail
cd "$(dirname "$0")/.."
examples=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do examples+=("$1"); shift; done
[ $# -gt 0 ] && shift
[ ${#examples[@]} -gt 0 ] || examples=(search_service retrieval_pipeline semantic_search)
bash .ci/setup
bash .ci/build
PY=/usr/bin/python3
root=$PWD
for ex in "${examples[@]}"; do
  out=build/examples/profile/$ex
  mkdir -p "$out"
  if [ -f "examples/$ex/service.py" ]; then
    prog="examples/$ex/service.py"
    echo "== $PY -m cProfile -o $out/prof.stats $prog $*"
    (cd "$out" && OMP_NUM_THREADS=1 $PY -m cProfile -o prof.stats \
       "$root/$prog" "$@" > /dev/null)
    echo "== hotpath analyze $prog --trace $out/prof.stats"
    ./build/src/cli/hotpath analyze "$prog" --trace "$out/prof.stats"
    echo
    echo "== $PY examples/lprof_run.py $out/prof.lprof $prog $*"
    (cd "$out" && OMP_NUM_THREADS=1 $PY "$root/examples/lprof_run.py" \
       prof.lprof "$root/$prog" "$@" > /dev/null)
    echo "== hotpath analyze $prog --trace $out/prof.lprof"
    ./build/src/cli/hotpath analyze "$prog" --trace "$out/prof.lprof"
    echo
    continue
  fi
  echo "== perf record -e cpu-clock --call-graph dwarf $ex $*"
  (cd "$out" && OMP_NUM_THREADS=1 perf record -q -e cpu-clock -F 500 \
     --call-graph dwarf -o perf.data "../../$ex/$ex" "$@")
  perf script -i "$out/perf.data" > "$out/perf.txt" 2>/dev/null
  echo "== hotpath analyze -p build examples/$ex/main.cpp --trace $out/perf.txt"
  ./build/src/cli/hotpath analyze -p build "examples/$ex/main.cpp" \
    --trace "$out/perf.txt"
  echo
done
