#!/usr/bin/env bash
# Issue 13's speed and memory check (docs/python.md): hotpath's whole Python
# analysis of the `torch` package Debian installs (python3-torch: ~1 100
# files, 15 MB), side by side in one run with CPython's bare parse of the
# same files (ast.parse) and with pyflakes3. Prints files/s, MB/s, peak RSS
# and the ratios. Goal: hotpath at least as fast as ast.parse, and faster
# than pyflakes.
# Usage: bash bench/python_parse.sh [HOTPATH] [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
HOTPATH=$(realpath "${1:-build/src/cli/hotpath}")
DIR=${2:-/usr/lib/python3/dist-packages/torch}
PY=/usr/bin/python3
[ -d "$DIR" ] || { echo "python_parse: no $DIR (apt-get install python3-torch)"; exit 77; }
W=$(mktemp -d /tmp/hotpath-pybench-XXXXXX)
trap 'rm -rf "$W"' EXIT
find "$DIR" \( -name '*.py' -o -name '*.pyi' \) -type f | sort >"$W/files"
FILES=$(wc -l <"$W/files")
BYTES=$(xargs -d '\n' cat <"$W/files" | wc -c)
measure() { # NAME CMD...: peak RSS (KB) and seconds into $W/NAME
  local name=$1; shift
  /usr/bin/time -f '%M %e' -o "$W/$name.time" "$@" >/dev/null 2>&1 || true
}
# Each tool on one core, then hotpath on all of them.
measure hotpath1 "$HOTPATH" analyze --no-cache -j 1 --project-root "$DIR" "$DIR"
measure hotpath "$HOTPATH" analyze --no-cache --project-root "$DIR" "$DIR"
# The result cache: a cold run fills it, the warm run is measured.
"$HOTPATH" analyze --cache-dir "$W/cache" --project-root "$DIR" "$DIR" >/dev/null 2>&1 || true
measure hotpathwarm "$HOTPATH" analyze --cache-dir "$W/cache" --project-root "$DIR" "$DIR"
measure ast $PY -c "
import ast, sys
for p in open('$W/files').read().split('\n'):
    if p:
        try: ast.parse(open(p, 'rb').read(), p)
        except SyntaxError: pass"
measure pyflakes xargs -d '\n' -a "$W/files" pyflakes3
printf '%-28s %8s %9s %8s %9s %10s\n' tool seconds files/s MB/s peak_MB "vs ast"
AST=$(tail -1 "$W/ast.time" | awk '{print $2}')
for t in hotpath1 hotpath hotpathwarm ast pyflakes; do
  read -r kb secs < <(tail -1 "$W/$t.time")
  label=$t
  case $t in
    hotpath1) label="hotpath analyze -j 1" ;;
    hotpath) label="hotpath analyze -j $(nproc)" ;;
    hotpathwarm) label="hotpath, warm cache" ;;
    ast) label="python3 ast.parse" ;;
    pyflakes) label="pyflakes3" ;;
  esac
  awk -v l="$label" -v s="$secs" -v f="$FILES" -v b="$BYTES" -v k="$kb" -v a="$AST" 'BEGIN {
    printf "%-28s %8.2f %9.0f %8.1f %9.0f %9.2fx\n", l, s, f / s, b / s / 1e6, k / 1024, a / s }'
done
echo "($FILES files, $(( BYTES / 1000000 )) MB; 'vs ast' > 1 means faster than CPython's bare parse)"
