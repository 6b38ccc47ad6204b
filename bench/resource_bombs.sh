#!/usr/bin/env bash
# Resource bombs (issue 12, docs/fuzzing.md): inputs built to exhaust memory
# or time. For each, hotpath must end in bounded memory and time with one
# clear error line or a correct result. Prints: input, exit code, peak RSS,
# wall time, and hotpath's first stderr line.
# Usage: bash bench/resource_bombs.sh [HOTPATH]   (default build/src/cli/hotpath)
set -uo pipefail
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
# callgrind: 1 million distinct function names.
$PY -c "
with open('$W/names.callgrind', 'w') as f:
    f.write('# callgrind format\nevents: Ir\n')
    for i in range(1000000): f.write('fn=function_with_a_long_name_%d\n1 1\n' % i)"
# A .hotpath.yaml with 10000 anchors and aliases, and one with NUL bytes.
$PY -c "
with open('$W/anchors.yaml', 'w') as f:
    f.write('Exclude: [' + ', '.join('&a%d x%d' % (i, i) for i in range(10000)) + ']\n')
    f.write('Catalogs: [' + ', '.join('*a%d' % i for i in range(10000)) + ']\n')"
printf 'Rules: "*"\0\0\n' >"$W/nul.yaml"
# A compile database of 100000 entries for files that do not exist.
$PY -c "
import json
json.dump([{'directory': '$W', 'file': '$W/f%d.cpp' % i, 'arguments': ['c++', '-c', 'f%d.cpp' % i]} for i in range(100000)], open('$W/db/compile_commands.json' if False else '$W/compile_commands.json', 'w'))"

printf '%-26s %4s %10s %8s  %s\n' input exit peak_MB seconds "first stderr line"
run() {
  local name=$1; shift
  /usr/bin/time -f '%M %e' -o "$W/time" timeout 600 "$@" >/dev/null 2>"$W/err"
  local rc=$?
  read -r kb secs < <(tail -1 "$W/time") || true
  printf '%-26s %4s %10s %8s  %s\n' "$name" "$rc" "$(( ${kb:-0} / 1024 ))" "${secs:-?}" \
    "$(grep -v '^hotpath: note' "$W/err" | head -1 | cut -c1-90)"
}
run "gzip bomb (1 GB zeros)" "$HOTPATH" trace "$W/zeros.gz"
run "1 GB folded, gzipped" "$HOTPATH" trace "$W/big.folded.gz"
run "2 GB sparse file" "$HOTPATH" trace "$W/sparse.txt"
run "/dev/zero as the trace" "$HOTPATH" trace /dev/zero
run "a directory" "$HOTPATH" trace "$W/dir"
run "a symlink loop" "$HOTPATH" trace "$W/loop1"
run "DSO /dev/zero in perf" "$HOTPATH" trace "$W/devzero.perf.txt"
run "pprof amplification" "$HOTPATH" trace "$W/amplify.pb"
run "pstats shared callers" "$HOTPATH" trace "$W/shared.pstats"
run "pstats self-cycle" "$HOTPATH" trace "$W/cycle.pstats"
run "callgrind 1M names" "$HOTPATH" trace "$W/names.callgrind"
run "stdin pipe (folded)" sh -c "cat tests/traces/folded/toy.folded | '$HOTPATH' trace -"
run "yaml 10k anchors" "$HOTPATH" analyze --dump-config --config "$W/anchors.yaml"
run "yaml NUL bytes" "$HOTPATH" analyze --dump-config --config "$W/nul.yaml"
run "100k-entry database" "$HOTPATH" analyze -p "$W" --no-cache
