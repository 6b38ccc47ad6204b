#!/usr/bin/env bash
# Import speed and memory of `hotpath trace` on ~1 GB inputs, measured side by
# side in one run:
#  - a Chrome trace built by replicating a real Kineto trace's events (shifted
#    in time per copy), vs python3's json.load on the same file (goal: >= 3x
#    faster);
#  - a perf script built by replicating a real DWARF perf script, vs `wc -l`
#    (goal: within 5x).
# Prints throughput, peak RSS and the ratios. Peak RSS should stay below the
# file size: memory grows with distinct stacks, not with events.
# Usage: [RUNS=3] bench/trace_import.sh [BUILD_DIR] [SIZE_MB] [WORK_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
SIZE_MB=${2:-1024}
WORK=${3:-/tmp/hotpath-bench}
HOTPATH=$BUILD/src/cli/hotpath
KINETO=../shared/traces/kineto/control.json.gz
[ -x "$HOTPATH" ] || { echo "build hotpath first (bash .ci/build)" >&2; exit 2; }
mkdir -p "$WORK"

JSON=$WORK/kineto-${SIZE_MB}mb.json
PERF=$WORK/perf-${SIZE_MB}mb.txt
if [ ! -f "$JSON" ]; then
  SRC=$KINETO
  [ -f "$SRC" ] || SRC=tests/traces/chrome_json/torch-legacy.json
  python3 - "$SRC" "$JSON" "$SIZE_MB" <<'PY'
import gzip, json, sys
src, out_path, size_mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
opener = gzip.open if src.endswith(".gz") else open
doc = json.load(opener(src, "rt"))
events = doc["traceEvents"] if isinstance(doc, dict) else doc
ts = [e["ts"] for e in events if isinstance(e.get("ts"), (int, float))]
span = max(ts) - min(ts) + 1000
target = size_mb * 1024 * 1024
with open(out_path, "w") as out:
    out.write('{"schemaVersion": 1, "traceEvents": [\n')
    size, copy, first = 0, 0, True
    while size < target:
        for e in events:
            if isinstance(e.get("ts"), (int, float)):
                e = dict(e, ts=e["ts"] + copy * span)
            s = json.dumps(e)
            out.write(s if first else ",\n" + s)
            size += len(s) + 2
            first = False
        copy += 1
    out.write("]}\n")
PY
fi
if [ ! -f "$PERF" ]; then
  SRC=tests/traces/perf_script/toy-dwarf.perf.txt
  # A ~8 MB block of copies, then copies of the block.
  for _ in $(seq 800); do cat "$SRC"; done > "$WORK/block.txt"
  n=$(( SIZE_MB * 1024 * 1024 / $(stat -c %s "$WORK/block.txt") ))
  for _ in $(seq "$n"); do cat "$WORK/block.txt"; done > "$PERF"
  rm -f "$WORK/block.txt"
fi

RUNS=${RUNS:-3}
measure() { # RUNS CMD... -> "median_seconds peak_kb" over RUNS runs
  local runs=$1; shift
  : > "$WORK/times"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >/dev/null 2>&1 || true
    cat "$WORK/time" >> "$WORK/times"
  done
  sort -g "$WORK/times" | awk '{s[NR]=$1; if ($2>m) m=$2} END {print s[int((NR+1)/2)], m}'
}
mb() { echo $(( $(stat -c %s "$1") / 1024 / 1024 )); }

# Medians of RUNS runs (the machine is a noisy VM); python once (it is slow).
read -r hj_s hj_kb < <(measure "$RUNS" "$HOTPATH" trace --no-symbolize --top 5 "$JSON")
read -r py_s py_kb < <(measure 1 python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$JSON")
read -r hp_s hp_kb < <(measure "$RUNS" "$HOTPATH" trace --no-symbolize --top 5 "$PERF")
read -r wc_s wc_kb < <(measure "$RUNS" wc -l "$PERF")

J=$(mb "$JSON"); P=$(mb "$PERF")
awk -v J="$J" -v P="$P" -v hj="$hj_s" -v hjk="$hj_kb" -v py="$py_s" -v pyk="$py_kb" \
    -v hp="$hp_s" -v hpk="$hp_kb" -v wc="$wc_s" -v wck="$wc_kb" 'BEGIN {
  printf "Chrome/Kineto JSON, %d MB\n", J
  printf "  hotpath trace:  %6.2f s  %7.1f MB/s  peak RSS %6.1f MB\n", hj, J / hj, hjk / 1024
  printf "  python json:    %6.2f s  %7.1f MB/s  peak RSS %6.1f MB\n", py, J / py, pyk / 1024
  printf "  ratio python/hotpath: %.2fx faster (goal >= 3x)\n", py / hj
  printf "perf script, %d MB\n", P
  printf "  hotpath trace:  %6.2f s  %7.1f MB/s  peak RSS %6.1f MB\n", hp, P / hp, hpk / 1024
  printf "  wc -l:          %6.2f s  %7.1f MB/s\n", wc, P / wc
  printf "  ratio hotpath/wc: %.2fx (goal <= 5x)\n", hp / wc
}'
