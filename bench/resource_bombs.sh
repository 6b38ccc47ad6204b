#!/usr/bin/env bash
# Resource bombs (issue 12, docs/fuzzing.md): inputs built to exhaust memory
# or time. For each, hotpath must end in bounded memory and time with one
# clear error line or a correct result. Prints: input, exit code, peak RSS,
# wall time, and hotpath's first stderr line. With --check (CI: the ctest
# `resource_bombs`), also fails unless each ends with its expected exit code
# and stderr, in at most MAX_MB of peak RSS and MAX_S seconds.
# Usage: bash bench/resource_bombs.sh [--check] [HOTPATH]
#        (default build/src/cli/hotpath)
set -uo pipefail
CHECK=0
if [ "${1:-}" = --check ]; then CHECK=1; shift; fi
MAX_MB=${MAX_MB:-2048} MAX_S=${MAX_S:-120}
cd "$(dirname "$0")/.."
HOTPATH=$(realpath "${1:-build/src/cli/hotpath}")
W=$(mktemp -d /tmp/hotpath-bombs-XXXXXX)
trap 'rm -rf "$W"' EXIT
PY=/usr/bin/python3

# 1 GB of zeros, gzipped (~1 MB on disk).
head -c 1000000000 /dev/zero | gzip -1 >"$W/zeros.gz"
# 1 GB of a valid folded line repeated, gzipped: a real, huge trace.
$PY -c "
import gzip
line = b'main;a;b 1\n' * 100000
with gzip.open('$W/big.folded.gz', 'wb', 1) as f:
    for _ in range(900): f.write(line)"
# A 2 GB sparse file.
truncate -s 2G "$W/sparse.txt"
# A FIFO nobody writes to is not tested: reading it blocks like cat(1).
mkdir -p "$W/dir"
ln -s loop2 "$W/loop1"; ln -s loop1 "$W/loop2"
# A perf script whose DSO is /dev/zero.
printf 'toy 1 1.0: 1 cpu-clock:\n\t401000 main+0x10 (/dev/zero)\n\n' >"$W/devzero.perf.txt"
# pprof: one location with 1000 lines, named 30000 times by one sample.
$PY - "$W/amplify.pb" <<'PY'
import sys
def varint(v):
    out = b''
    while True:
        b = v & 0x7f; v >>= 7
        out += bytes([b | (0x80 if v else 0)])
        if not v: return out
def field(n, wt, payload):
    key = varint((n << 3) | wt)
    return key + (varint(len(payload)) + payload if wt == 2 else payload)
msg = b''
msg += field(6, 2, b'')            # string_table[0] = ""
msg += field(6, 2, b'f' * 200)     # string_table[1]
msg += field(6, 2, b'ns')          # string_table[2]
msg += field(1, 2, field(1, 0, varint(1)) + field(2, 0, varint(2)))
msg += field(5, 2, field(1, 0, varint(1)) + field(2, 0, varint(1)))
line = field(4, 2, field(1, 0, varint(1)) + field(2, 0, varint(7)))
msg += field(4, 2, field(1, 0, varint(1)) + line * 1000)
locs = varint(1) * 30000
msg += field(2, 2, field(1, 2, locs) + field(2, 2, varint(5)))
open(sys.argv[1], 'wb').write(msg)
PY
# pstats: a dict whose 20000 functions share one callers table (a marshal
# back-reference), and one that contains itself.
$PY - "$W/shared.pstats" "$W/cycle.pstats" <<'PY'
import marshal, sys
callers = {('a.py', i, 'f%d' % i): (1, 1, 0.1, 0.1) for i in range(20000)}
stats = {('a.py', i, 'f%d' % i): (1, 1, 0.1, 0.1, callers) for i in range(20000)}
open(sys.argv[1], 'wb').write(marshal.dumps(stats))
# {key: (..., <ref to the outer dict>)}: 0xfb = '{' with the ref flag.
key = marshal.dumps(('a.py', 1, 'f'))
open(sys.argv[2], 'wb').write(b'\xfb' + key + b'\xa9\x05' + b'i\x01\x00\x00\x00' * 2 +
    b'g' + b'\x00' * 8 + b'g' + b'\x00' * 8 + b'r\x00\x00\x00\x00' + b'0')
PY
# Scalene: 200000 functions, then 200000 lines below the last of them whose
# functions' shares are all used up (each line's search for its function
# is bounded).
$PY -c "
import json
fns = [{'line': 'f%d' % i, 'lineno': i + 1, 'n_cpu_percent_c': 0.0001} for i in range(200000)]
lines = [{'lineno': 200001 + i, 'n_cpu_percent_python': 0.0004} for i in range(200000)]
json.dump({'elapsed_time_sec': 1.0, 'files': {'a.py': {'functions': fns, 'lines': lines}}}, open('$W/many.scalene.json', 'w'))"
# callgrind: 3 million distinct compressed names (the frame and name-table
# bounds), and 100 names of ~1 MiB each (the 64 MiB name-text bound).
$PY -c "
with open('$W/names.callgrind', 'w') as f:
    f.write('# callgrind format\nevents: Ir\n')
    for i in range(3000000): f.write('fn=(%d) function_with_a_long_name_%d\n1 1\n' % (i, i))
with open('$W/long.callgrind', 'w') as f:
    f.write('# callgrind format\nevents: Ir\n')
    for i in range(100): f.write('fn=' + 'x' * 1000000 + str(i) + '\n1 1\n')"
# A .hotpath.yaml with 10000 anchors and aliases, and one with NUL bytes.
$PY -c "
with open('$W/anchors.yaml', 'w') as f:
    f.write('Exclude: [' + ', '.join('&a%d x%d' % (i, i) for i in range(10000)) + ']\n')
    f.write('Catalogs: [' + ', '.join('*a%d' % i for i in range(10000)) + ']\n')"
printf 'Rules: "*"\0\0\n' >"$W/nul.yaml"
# Python: brackets nested 100 000 deep, and error recovery over 70 000
# lines (tree-sitter 0.20.7 wraps a 16-bit child count and frees a bad
# pointer inside the parse: the parse is tried in a child process, and
# bounded by its budget of 10 s plus 5 s per MiB).
$PY -c "
open('$W/nested.py', 'w').write('(' * 100000)
open('$W/recovery.py', 'w').write('x = not\\n' * 70000)"
# A compile database of 100000 entries for files that do not exist.
$PY -c "
import json
json.dump([{'directory': '$W', 'file': '$W/f%d.cpp' % i, 'arguments': ['c++', '-c', 'f%d.cpp' % i]} for i in range(100000)], open('$W/db/compile_commands.json' if False else '$W/compile_commands.json', 'w'))"

printf '%-26s %4s %10s %8s  %s\n' input exit peak_MB seconds "first stderr line"
failures=0
# run NAME WANT_EXIT WANT_STDERR CMD...: WANT_STDERR is a substring of the
# first stderr line that is not a note ("" for none).
run() {
  local name=$1 want_rc=$2 want_err=$3; shift 3
  /usr/bin/time -f '%M %e' -o "$W/time" timeout 600 "$@" >/dev/null 2>"$W/err"
  local rc=$?
  read -r kb secs < <(tail -1 "$W/time") || true
  local first mb=$(( ${kb:-0} / 1024 ))
  first=$(grep -v '^hotpath: note' "$W/err" | head -1)
  printf '%-26s %4s %10s %8s  %s\n' "$name" "$rc" "$mb" "${secs:-?}" "$(echo "$first" | cut -c1-90)"
  [ $CHECK = 1 ] || return 0
  local why=""
  [ "$rc" = "$want_rc" ] || why="exit $rc, want $want_rc"
  [ -z "$want_err" ] && [ -n "$first" ] && why="$why; unexpected stderr"
  [ -n "$want_err" ] && [[ "$first" != *"$want_err"* ]] && why="$why; stderr lacks '$want_err'"
  [ "$mb" -le "$MAX_MB" ] || why="$why; peak ${mb} MB > ${MAX_MB} MB"
  awk -v s="${secs:-999}" -v m="$MAX_S" 'BEGIN { exit !(s <= m) }' || why="$why; ${secs} s > ${MAX_S} s"
  if [ -n "$why" ]; then echo "FAIL: $name: ${why#; }"; failures=$((failures + 1)); fi
}
run "gzip bomb (1 GB zeros)" 2 "unknown trace format" "$HOTPATH" trace "$W/zeros.gz"
run "1 GB folded, gzipped" 0 "" "$HOTPATH" trace "$W/big.folded.gz"
run "2 GB sparse file" 2 "unknown trace format" "$HOTPATH" trace "$W/sparse.txt"
run "/dev/zero as the trace" 2 "/dev/zero: not a regular file or a pipe" "$HOTPATH" trace /dev/zero
run "a directory" 2 "is a directory, not a trace" "$HOTPATH" trace "$W/dir"
run "a symlink loop" 2 "Too many levels of symbolic links" "$HOTPATH" trace "$W/loop1"
run "DSO /dev/zero in perf" 0 "" "$HOTPATH" trace "$W/devzero.perf.txt"
run "pprof amplification" 0 "" "$HOTPATH" trace "$W/amplify.pb"
run "pstats shared callers" 0 "" "$HOTPATH" trace "$W/shared.pstats"
run "pstats self-cycle" 2 "reference cycle" "$HOTPATH" trace "$W/cycle.pstats"
run "scalene 200k functions" 0 "" "$HOTPATH" trace "$W/many.scalene.json"
run "callgrind 3M names" 0 "" "$HOTPATH" trace "$W/names.callgrind"
run "callgrind 100 MB of names" 0 "" "$HOTPATH" trace "$W/long.callgrind"
run "stdin pipe (folded)" 0 "" sh -c "cat tests/traces/folded/toy.folded | '$HOTPATH' trace -"
run "yaml 10k anchors" 2 "'Catalogs' must be a scalar" "$HOTPATH" analyze --dump-config --config "$W/anchors.yaml"
run "yaml NUL bytes" 2 "invalid YAML: a NUL byte" "$HOTPATH" analyze --dump-config --config "$W/nul.yaml"
run "python: 100k nested brackets" 3 "brackets nested deeper than 1000" "$HOTPATH" analyze "$W/nested.py"
run "python: 70k-line error" 3 "cannot be parsed: " "$HOTPATH" analyze "$W/recovery.py"
run "100k-entry database" 3 "f0.cpp: not analysed: cannot open" "$HOTPATH" analyze -p "$W" --no-cache
if [ $CHECK = 1 ]; then
  [ $failures = 0 ] && echo "resource bombs: ok" || { echo "resource bombs: $failures failed"; exit 1; }
fi
