#!/usr/bin/env bash
# End-to-end checks of the hotpath command line: exit codes, one-line errors,
# compile errors, -o, determinism across -j, progress on a terminal.
# Usage: cli_test.sh HOTPATH SOURCE_DIR BUILD_DIR
set -uo pipefail
HOTPATH=$1 SRC=$2 BUILD=$3
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0 passed=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { passed=$((passed + 1)); }

# expect_error NAME EXPECTED_STDERR_SUBSTRING -- ARGS...
expect_error() {
  local name=$1 want=$2; shift 3
  "$HOTPATH" "$@" >"$TMP/out" 2>"$TMP/err"
  local rc=$?
  local lines
  lines=$(wc -l <"$TMP/err")
  if [ $rc -ne 2 ]; then fail "$name: exit code $rc, want 2"; return; fi
  if [ "$lines" -ne 1 ]; then fail "$name: $lines stderr lines, want 1: $(cat "$TMP/err")"; return; fi
  if ! grep -qF -- "$want" "$TMP/err"; then fail "$name: stderr '$(cat "$TMP/err")' lacks '$want'"; return; fi
  if ! grep -q '^hotpath: error: ' "$TMP/err"; then fail "$name: stderr not 'hotpath: error: ...'"; return; fi
  ok
}

make_db() { # DIR FILE... : a compilation database for files under SRC
  local dir=$1; shift
  mkdir -p "$dir"
  { echo "["; local sep=""
    for f in "$@"; do
      printf '%s{"directory": "%s", "file": "%s", "arguments": ["c++", "-std=c++17", "-c", "%s"]}\n' "$sep" "$SRC" "$f" "$f"
      sep=","
    done
    echo "]"; } >"$dir/compile_commands.json"
}

# Usage errors.
"$HOTPATH" >/dev/null 2>&1; [ $? -eq 2 ] && ok || fail "no command: want exit 2"
expect_error "unknown command" "unknown command 'analyse'" -- analyse
expect_error "missing -p" "missing -p BUILD" -- analyze
expect_error "unknown option" "Unknown command line argument '--frobnicate'" -- analyze -p "$BUILD" --frobnicate
expect_error "unknown format" "unknown --format 'xml' (expected text, json, sarif, github, rdjson, codeclimate, markdown, html)" -- analyze -p "$BUILD" --format xml
expect_error "trace: report format" "unknown --format 'sarif' (expected text, json)" -- trace --format sarif "$SRC/README.md"
# Input errors.
expect_error "missing database" "$TMP/nothing/compile_commands.json: no compilation database" -- analyze -p "$TMP/nothing"
mkdir -p "$TMP/bad" && echo '[{"directory": ' >"$TMP/bad/compile_commands.json"
expect_error "unreadable database" "$TMP/bad/compile_commands.json: cannot read compilation database" -- analyze -p "$TMP/bad"
expect_error "truncated database" "$TMP/bad/compile_commands.json: cannot read compilation database: [2:0, byte=16]: Unexpected EOF" -- analyze -p "$TMP/bad"
printf '\x00\x01garbage' >"$TMP/bad/compile_commands.json"
expect_error "binary database" "$TMP/bad/compile_commands.json: cannot read compilation database: [1:1, byte=1]: Invalid JSON value" -- analyze -p "$TMP/bad"
echo '{"a": 1}' >"$TMP/bad/compile_commands.json"
expect_error "not an array" "$TMP/bad/compile_commands.json: cannot read compilation database: expected a JSON array" -- analyze -p "$TMP/bad"
echo '[]' >"$TMP/bad/compile_commands.json"
expect_error "empty database" "$TMP/bad/compile_commands.json: the compilation database lists no files" -- analyze -p "$TMP/bad"
expect_error "bad -j" "invalid -j value 'abc' (expected a positive number)" -- analyze -p "$BUILD" -j abc
expect_error "file not in database" "README.md: not in compilation database $BUILD/compile_commands.json" -- analyze -p "$BUILD" "$SRC/README.md"

# Compile errors: the run goes on, the output says so, exit code 3 (partial).
CE="$SRC/tests/analyzer/CompileErrors"
make_db "$TMP/ce" "$CE/broken.cpp" "$CE/fine.cpp"
"$HOTPATH" analyze -p "$TMP/ce" --project-root "$SRC" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 3 ] && ok || fail "compile errors: exit $rc, want 3"
grep -qF "tests/analyzer/CompileErrors/broken.cpp: warning: 2 compile errors; results for tests/analyzer/CompileErrors/broken.cpp may be incomplete" "$TMP/out" && ok || fail "compile errors: report lacks the incomplete line: $(cat "$TMP/out")"
[ "$(grep -c '\[caching-loop-invariant-call\]' "$TMP/out")" -eq 2 ] && ok || fail "compile errors: want a finding from each file"
grep -qF "2 compile errors; results for tests/analyzer/CompileErrors/broken.cpp may be incomplete" "$TMP/err" && ok || fail "compile errors: stderr lacks the error line"

# A database entry for a file that is gone is "not analysed", not a compile
# error; the other files are analysed, exit code 3 (partial).
make_db "$TMP/gone" "$CE/fine.cpp" "$SRC/tests/analyzer/CompileErrors/gone.cpp"
"$HOTPATH" analyze -p "$TMP/gone" --project-root "$SRC" --no-cache >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 3 ] && ok || fail "missing file: exit $rc, want 3"
grep -qxF "hotpath: warning: tests/analyzer/CompileErrors/gone.cpp: not analysed: cannot open: No such file or directory" "$TMP/err" && ok || fail "missing file: stderr: $(cat "$TMP/err")"
grep -qF "(1 analysed)" "$TMP/out" && grep -qxF "results are partial: 1 file could not be read" "$TMP/out" && ok || fail "missing file: report: $(cat "$TMP/out")"

# GCC-only flags in a database written for g++ are dropped, not fatal.
mkdir -p "$TMP/gcc"
XT="$SRC/tests/analyzer/CrossTU"
printf '[{"directory": "%s", "file": "%s", "arguments": ["g++", "-fipa-pta", "-mno-avx256-split-unaligned-load", "-std=c++17", "-c", "%s"]},
 {"directory": "%s", "file": "%s", "arguments": ["g++", "-fconcepts-diagnostics-depth=2", "-c", "%s"]}]' \
  "$SRC" "$XT/caller.cpp" "$XT/caller.cpp" "$SRC" "$XT/loader.cpp" "$XT/loader.cpp" >"$TMP/gcc/compile_commands.json"
"$HOTPATH" analyze -p "$TMP/gcc" >"$TMP/out" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q 'caller.cpp:10:13: warning: .*\[caching-loop-invariant-call\]' "$TMP/out" && ok || fail "gcc-only flags: exit $rc: $(cat "$TMP/out")"

# -o writes the same bytes as stdout; -j does not change the output.
make_db "$TMP/db" "$SRC/tests/analyzer/CrossTU/caller.cpp" "$SRC/tests/analyzer/CrossTU/loader.cpp" "$CE/fine.cpp"
"$HOTPATH" analyze -p "$TMP/db" --project-root "$SRC" --format json -j 1 >"$TMP/j1.json" 2>/dev/null || fail "json -j 1 failed"
"$HOTPATH" analyze -p "$TMP/db" --project-root "$SRC" --format json -j 2 -o "$TMP/j2.json" >"$TMP/stdout" 2>/dev/null || fail "json -o failed"
expect_error "unwritable output" "/no/such/dir/r.txt: cannot write" -- analyze -p "$TMP/db" --project-root "$SRC" -o /no/such/dir/r.txt
cmp -s "$TMP/j1.json" "$TMP/j2.json" && ok || fail "-j 1 and -j 2 outputs differ"
[ ! -s "$TMP/stdout" ] && ok || fail "-o still printed to stdout"
grep -q '"rule": "caching-loop-invariant-call"' "$TMP/j1.json" && ok || fail "json lacks the findings"
[ "$(ls "$TMP" | grep -c 'j2.json.tmp')" -eq 0 ] && ok || fail "-o left a temporary file"

# Progress: one line per file on a terminal, none otherwise.
if command -v script >/dev/null; then
  script -qec "'$HOTPATH' analyze -p '$TMP/db' --project-root '$SRC' -j 2 >/dev/null" /dev/null >"$TMP/tty" 2>&1
  [ "$(grep -c '^\[[0-9]/3\] tests/analyzer/' "$TMP/tty")" -eq 3 ] && ok || fail "progress: want 3 lines on a terminal, got: $(cat "$TMP/tty")"
fi
"$HOTPATH" analyze -p "$TMP/db" --project-root "$SRC" >/dev/null 2>"$TMP/err"
! grep -q '^\[' "$TMP/err" && ok || fail "progress printed when stderr is not a terminal: $(cat "$TMP/err")"

# hotpath trace: formats, JSON fields, errors, truncation.
T="$SRC/tests/traces"
"$HOTPATH" trace --no-symbolize "$T/perf_script/toy-fp.perf.txt" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 0 ] && grep -q "perf-script, total 1.88377e+08 ns, 94 events" "$TMP/out" && grep -q '^hot path:' "$TMP/out" && ok || fail "trace text: exit $rc: $(head -3 "$TMP/out")"
"$HOTPATH" trace --no-symbolize --format json --top 3 "$T/pstats/toy.pstats" >"$TMP/trace.json" 2>/dev/null
python3 - "$TMP/trace.json" <<'PY' && ok || fail "trace json fields"
import json, sys
j = json.load(open(sys.argv[1]))
assert list(j) == ["traces", "functions", "hot_path", "lines"], list(j)
t = j["traces"][0]
assert [k for k in ("path", "format", "total", "unit", "events", "stats") if k in t] == ["path", "format", "total", "unit", "events", "stats"]
assert t["format"] == "pstats" and t["unit"] == "s" and t["events"] == 10
f = j["functions"]
assert len(f) == 3 and list(f[0]) == ["name", "file", "line", "self", "inclusive", "self_fraction", "inclusive_fraction", "calls"]
assert f[0]["inclusive"] >= f[1]["inclusive"] >= f[2]["inclusive"]
# cProfile counts calls and states where each function starts; it measures
# no line, so the def line is the function's "line", never a source line.
assert [x["calls"] for x in f] == [1, 1, 1], [x["calls"] for x in f]
assert j["lines"] == [], j["lines"]
PY
"$HOTPATH" trace --no-symbolize --format json --top 1 "$T/callgrind/callgrind.out.toy" >"$TMP/trace.json" 2>/dev/null
python3 - "$TMP/trace.json" <<'PY' && ok || fail "trace json lines"
import json, sys
j = json.load(open(sys.argv[1]))
assert list(j["lines"][0]) == ["file", "line", "self", "inclusive", "inclusive_fraction", "hits"], list(j["lines"][0])
PY
expect_error "trace: unknown format" "README.md: unknown trace format" -- trace "$SRC/README.md"
expect_error "trace: missing file" "$TMP/none.json: cannot open" -- trace "$TMP/none.json"
expect_error "trace: no file" "no trace given" -- trace
expect_error "trace: units differ" "cannot merge a profile in 'Ir' into one in 'ns'" -- trace --no-symbolize "$T/perf_script/toy-fp.perf.txt" "$T/callgrind/callgrind.out.toy"
head -c 300 "$T/chrome_json/torch-legacy.json" >"$TMP/cut.json"
"$HOTPATH" trace "$TMP/cut.json" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 2 ] && grep -q "(truncated: results are partial)" "$TMP/out" && [ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -q "cut.json: truncated input at byte 300; results are partial" "$TMP/err" && ok || fail "trace truncated: exit $rc: $(cat "$TMP/err")"

# analyze --trace: a trace of another program warns and ranks unmeasured.
"$HOTPATH" analyze -p "$TMP/db" --project-root "$SRC" --trace "$T/pstats/toy.pstats" >"$TMP/out" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q "^warning: no frame of the trace $T/pstats/toy.pstats matches the analysed code" "$TMP/out" && ok || fail "trace of another program: exit $rc: $(tail -2 "$TMP/out")"
# analyze --trace with torch.profiler's export_stacks (folded Python frames,
# `file.py(FIRST_LINE):_name`, module calls `nn.Module:_Sequential_0`): the
# per-item model call gets the time of the module calls under embed,
# function evidence (the line is a first line, never a cost line):
# 1314 of 1605 us in the stacks.
(cd "$T/programs" && "$HOTPATH" analyze torch_stacks.py --trace "$T/folded/torch-stacks.folded" --format json) >"$TMP/ts.json" 2>/dev/null
python3 - "$TMP/ts.json" <<'PY' && ok || fail "export_stacks attribution: $(head -c 400 "$TMP/ts.json")"
import json, sys
(f,) = json.load(open(sys.argv[1]))["findings"]
assert f["rule"] == "batching-per-item-inference" and f["line"] == 15, f
assert f["evidence"] == "function", f["evidence"]
assert abs(f["hot_fraction"] - 1314 / 1605) < 1e-4, f["hot_fraction"]
PY
expect_error "bad cold threshold" "invalid --cold-threshold value '2' (expected a fraction between 0 and 1)" -- analyze -p "$TMP/db" --cold-threshold 2
expect_error "missing trace" "$TMP/nope.txt: cannot open" -- analyze -p "$TMP/db" --project-root "$SRC" --trace "$TMP/nope.txt"

# analyze --trace with a torch profiler trace (aten operators only): the model
# call gets the time of the model's operators (operator evidence); the
# transfer's operators are not in the trace: unmeasured, not cold.
mkdir -p "$TMP/op"
printf '[{"directory": "%s", "file": "%s", "arguments": ["c++", "-std=c++17", "-isystem", "%s", "-c", "%s"]}]\n' \
  "$SRC" "$SRC/tests/cli/Inputs/operator_evidence.cpp" "$SRC/tests/rules/Inputs" \
  "$SRC/tests/cli/Inputs/operator_evidence.cpp" >"$TMP/op/compile_commands.json"
"$HOTPATH" analyze -p "$TMP/op" --project-root "$SRC" --format json \
  --trace "$T/chrome_json/torch-legacy.json" >"$TMP/op.json" 2>"$TMP/err"
rc=$?
python3 - "$TMP/op.json" "$T/chrome_json/torch-legacy.json" <<'PY' && [ $rc -eq 0 ] && ok || fail "operator evidence: exit $rc $(cat "$TMP/err")"
import json, sys
j = json.load(open(sys.argv[1]))
got = [(f["rule"], f["line"], f["evidence"], f["hot_fraction"]) for f in j["findings"]]
# aten::addmm (1721.443 us) + aten::relu (232.895 us) of 2727.287 us.
assert got == [("batching-per-item-inference", 12, "operator", 0.7166),
               ("batching-per-item-transfer", 12, "unmeasured", None)], got
assert j["warnings"] == ["no frame of the trace %s is a function of the "
                         "analysed code; findings are weighted by the library "
                         "operations their APIs run as (operator evidence)"
                         % sys.argv[2]], j["warnings"]
PY

# hotpath rules: every rule, each with its doc page and its fixture, and the
# docs and fixtures have no rule missing.
"$HOTPATH" rules --format json >"$TMP/rules.json" 2>"$TMP/err"
rc=$?
python3 - "$TMP/rules.json" "$SRC" <<'PY' && [ $rc -eq 0 ] && ok || fail "rules: exit $rc $(cat "$TMP/err")"
import json, os, sys
rules = json.load(open(sys.argv[1]))["rules"]
src = sys.argv[2]
ids = [r["id"] for r in rules]
assert ids == sorted(ids), ids
docs = sorted(f[:-3] for f in os.listdir(os.path.join(src, "docs/rules")) if f.endswith(".md"))
# A fixture per rule, C++ (.cpp) or Python (.py); Python-only rules have
# only the latter.
fixtures = sorted({os.path.splitext(f)[0] for f in os.listdir(os.path.join(src, "tests/rules"))
                   if f.endswith((".cpp", ".py"))})
assert ids == docs, (ids, docs)
assert ids == fixtures, (ids, fixtures)
for r in rules:
    assert list(r) == ["id", "category", "priority", "effort", "speedup", "summary", "doc"], list(r)
    assert r["id"].startswith(r["category"] + "-"), r
    assert r["summary"] and os.path.exists(os.path.join(src, r["doc"])), r
PY
"$HOTPATH" rules >"$TMP/out" 2>&1 && grep -q "^micro-vector-reserve  *micro  *skip  *high  *a vector grows" "$TMP/out" && ok || fail "rules text: $(tail -2 "$TMP/out")"

# NOLINT: silenced findings are counted, unmatched BEGIN/END reported.
make_db "$TMP/nolint" "$SRC/tests/analyzer/Suppression/nolint.cpp"
"$HOTPATH" analyze -p "$TMP/nolint" --project-root "$SRC" >"$TMP/out" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -qF "tests/analyzer/Suppression/nolint.cpp:22: warning: unmatched 'NOLINTBEGIN' comment without a subsequent 'NOLINTEND' comment [hotpath-nolint]" "$TMP/out" \
  && grep -qF "2 findings in 1 file (1 analysed): 2 critical; 4 suppressed by NOLINT" "$TMP/out" && ok || fail "nolint: exit $rc: $(cat "$TMP/out")"

# --export-fixes: clang-apply-replacements applies the hoisting fix-it, the
# file still compiles, and the finding is gone.
mkdir -p "$TMP/fix/yaml"
cp "$SRC/tests/cli/Inputs/hoist.cpp" "$TMP/fix/hoist.cpp"
printf '[{"directory": "%s", "file": "%s", "arguments": ["c++", "-std=c++17", "-c", "%s"]}]\n' \
  "$TMP/fix" "$TMP/fix/hoist.cpp" "$TMP/fix/hoist.cpp" >"$TMP/fix/compile_commands.json"
# The same edits as reviewdog suggestions: line/column ranges, end exclusive
# (insert before the loop at line 18, delete line 19).
"$HOTPATH" analyze -p "$TMP/fix" --no-cache --format rdjson >"$TMP/rd.json" 2>/dev/null
python3 - "$TMP/rd.json" <<'PY' && ok || fail "rdjson: suggestions of the fix-it: $(cat "$TMP/rd.json")"
import json, sys
d = json.load(open(sys.argv[1]))["diagnostics"][0]
s = [(x["range"]["start"]["line"], x["range"]["start"]["column"], x["range"]["end"]["line"], x["range"]["end"]["column"], x["text"]) for x in d["suggestions"]]
assert s == [(18, 1, 18, 1, "  std::vector<std::string> lines = readLines(path);\n"), (19, 1, 20, 1, "")], s
PY
"$HOTPATH" analyze -p "$TMP/fix" --export-fixes "$TMP/fix/yaml/fixes.yaml" >"$TMP/out" 2>&1
rc=$?
if ! command -v clang-apply-replacements-14 >/dev/null; then
  fail "export-fixes: clang-apply-replacements-14 is not installed (bash .ci/setup installs clang-tools-14)"
elif [ $rc -ne 0 ] || ! grep -q "hoist.cpp:19:38: warning: 'readLines' is expensive" "$TMP/out"; then
  fail "export-fixes: exit $rc: $(cat "$TMP/out")"
else
  clang-apply-replacements-14 "$TMP/fix/yaml" 2>"$TMP/err"
  sed -n 17,21p "$TMP/fix/hoist.cpp" >"$TMP/fix/got"
  printf '%s\n' '  size_t n = 0;' '  std::vector<std::string> lines = readLines(path);' \
    '  for (const std::string &k : keys) {' '    n += lines.size() + k.size();' '  }' >"$TMP/fix/want"
  if ! diff "$TMP/fix/want" "$TMP/fix/got" >"$TMP/err" 2>&1; then
    fail "export-fixes: applied file differs: $(cat "$TMP/err")"
  elif ! clang++ -std=c++17 -fsyntax-only "$TMP/fix/hoist.cpp" 2>"$TMP/err"; then
    fail "export-fixes: the fixed file does not compile: $(head -3 "$TMP/err")"
  else
    "$HOTPATH" analyze -p "$TMP/fix" >"$TMP/out" 2>&1 && grep -q "^0 findings" "$TMP/out" && ok || fail "export-fixes: finding still there: $(cat "$TMP/out")"
  fi
fi

# .hotpath.yaml: found in the nearest parent directory of the file, applied
# (rules, options, cold threshold), overridden by --config; bad keys fail.
mkdir -p "$TMP/cfg/src/deep"
cp "$SRC/tests/rules/micro-vector-reserve.cpp" "$TMP/cfg/src/deep/v.cpp"
printf '[{"directory": "%s", "file": "%s", "arguments": ["c++", "-std=c++17", "-c", "%s"]}]\n' \
  "$TMP/cfg" "$TMP/cfg/src/deep/v.cpp" "$TMP/cfg/src/deep/v.cpp" >"$TMP/cfg/compile_commands.json"
"$HOTPATH" analyze -p "$TMP/cfg" "$TMP/cfg/src/deep/v.cpp" >"$TMP/out" 2>&1 && grep -q "^2 findings" "$TMP/out" && ok || fail "config: no config: $(tail -1 "$TMP/out")"
printf "Rules: '*,-micro-*'\n" >"$TMP/cfg/src/.hotpath.yaml"
"$HOTPATH" analyze -p "$TMP/cfg" "$TMP/cfg/src/deep/v.cpp" >"$TMP/out" 2>&1 && grep -q "^0 findings" "$TMP/out" && ok || fail "config: nearest parent not applied: $(tail -1 "$TMP/out")"
"$HOTPATH" analyze -p "$TMP/cfg" "$TMP/cfg/src/deep/v.cpp" --dump-config >"$TMP/out" 2>&1 && grep -qx "Rules: '\*,-micro-\*'" "$TMP/out" && ok || fail "config: dump: $(cat "$TMP/out")"
printf "Rules: 'micro-vector-reserve'\nColdThreshold: 0.2\n" >"$TMP/cfg/other.yaml"
"$HOTPATH" analyze -p "$TMP/cfg" "$TMP/cfg/src/deep/v.cpp" --config "$TMP/cfg/other.yaml" >"$TMP/out" 2>&1 && grep -q "^2 findings" "$TMP/out" && ok || fail "config: --config not applied: $(tail -1 "$TMP/out")"
"$HOTPATH" analyze --config "$TMP/cfg/other.yaml" --dump-config | "$HOTPATH" analyze --config /dev/stdin --dump-config >"$TMP/out2" 2>&1
"$HOTPATH" analyze --config "$TMP/cfg/other.yaml" --dump-config | diff - "$TMP/out2" >/dev/null && ok || fail "config: dump does not round-trip"
printf "Rules: '*'\nColdTreshold: 0.2\n" >"$TMP/cfg/bad.yaml"
expect_error "config: bad key" "$TMP/cfg/bad.yaml:2: unknown key 'ColdTreshold'" -- analyze -p "$TMP/cfg" --config "$TMP/cfg/bad.yaml"
expect_error "config: missing file" "$TMP/cfg/none.yaml: cannot read configuration" -- analyze -p "$TMP/cfg" --config "$TMP/cfg/none.yaml"
printf "RuleOptions:\n  algorithmic-linear-search-in-loop.MaxTinySize: 'many'\n" >"$TMP/cfg/badopt.yaml"
expect_error "config: bad option value" "$TMP/cfg/badopt.yaml:2: rule option 'algorithmic-linear-search-in-loop.MaxTinySize' must be a number, not 'many'" -- analyze -p "$TMP/cfg" --config "$TMP/cfg/badopt.yaml"
printf "RuleOptions:\n  code-level-missing-inference-mode.EntryPoints: 'lib::serve,'\n" >"$TMP/cfg/badentry.yaml"
expect_error "config: bad entry points" "$TMP/cfg/badentry.yaml:2: rule option 'code-level-missing-inference-mode.EntryPoints': an empty function name" -- analyze -p "$TMP/cfg" --config "$TMP/cfg/badentry.yaml"

# code-level-missing-inference-mode.EntryPoints: a library without main has
# no call path until its API is named; a guard on the way still counts.
mkdir -p "$TMP/lib"
cat >"$TMP/lib/lib.cpp" <<'CPP'
#include <torch/torch.h>
struct NetImpl : torch::nn::Module {
  torch::Tensor forward(const torch::Tensor &x);
};
using Net = torch::nn::ModuleHolder<NetImpl>;
namespace lib {
torch::Tensor run(Net &net, const torch::Tensor &x) { return net->forward(x); }
torch::Tensor serve(Net &net, const torch::Tensor &x) { return run(net, x); }
torch::Tensor serveGuarded(Net &net, const torch::Tensor &x) {
  torch::InferenceMode guard;
  return run(net, x);
}
} // namespace lib
CPP
printf '[{"directory": "%s", "file": "%s", "arguments": ["c++", "-std=c++17", "-I%s", "-c", "%s"]}]\n' \
  "$TMP/lib" "$TMP/lib/lib.cpp" "$SRC/tests/rules/Inputs" "$TMP/lib/lib.cpp" >"$TMP/lib/compile_commands.json"
"$HOTPATH" analyze -p "$TMP/lib" >"$TMP/out" 2>&1 && grep -q "^0 findings" "$TMP/out" && ok || fail "entry points: library without main flagged: $(cat "$TMP/out")"
printf "RuleOptions:\n  code-level-missing-inference-mode.EntryPoints: 'lib::serve*'\n" >"$TMP/lib/.hotpath.yaml"
"$HOTPATH" analyze -p "$TMP/lib" "$TMP/lib/lib.cpp" >"$TMP/out" 2>&1
if grep -q "^1 finding" "$TMP/out" && grep -qF "lib.cpp:7:62: warning: model call 'net->forward(x)' runs with autograd on: no torch::InferenceMode or torch::NoGradGuard is in scope, on the path from 'lib::serve' [code-level-missing-inference-mode]" "$TMP/out"; then ok; else fail "entry points: $(cat "$TMP/out")"; fi

# The lint step (docs/ci.md): result cache, baseline, diff mode, --fail-on.
# A small git repository: a.cpp and c.cpp include common.h, b.cpp does not.
L="$TMP/lint"
mkdir -p "$L"
cat >"$L/common.h" <<'CPP'
#pragma once
inline int helper() { return 1; }
CPP
for f in a b c; do
  {
    [ "$f" = b ] || echo '#include "common.h"'
    echo '#include <string>'
    echo '#include <vector>'
    echo "std::string join_$f(const std::vector<std::string> &xs) {"
    echo '  std::string s;'
    echo '  for (const auto &x : xs)'
    echo '    s = s + x;'
    echo '  return s;'
    echo '}'
  } >"$L/$f.cpp"
done
printf '[' >"$L/compile_commands.json"
sep=""
for f in a b c; do
  printf '%s{"directory": "%s", "file": "%s", "arguments": ["c++", "-std=c++17", "-c", "%s"]}' "$sep" "$L" "$L/$f.cpp" "$L/$f.cpp" >>"$L/compile_commands.json"
  sep=", "
done
printf ']\n' >>"$L/compile_commands.json"
lint() { "$HOTPATH" analyze -p "$L" --cache-dir "$TMP/cache" "$@"; }
cache_line() { grep '^hotpath: cache: ' "$TMP/err"; }
lint >"$TMP/cold" 2>"$TMP/err"
[ "$(cache_line)" = "hotpath: cache: 0 of 3 translation units reused from $TMP/cache" ] && ok || fail "cache: cold run: $(cat "$TMP/err")"
lint >"$TMP/warm" 2>"$TMP/err"
[ "$(cache_line)" = "hotpath: cache: 3 of 3 translation units reused from $TMP/cache" ] && ok || fail "cache: warm run: $(cat "$TMP/err")"
diff "$TMP/cold" "$TMP/warm" >/dev/null && grep -q "^3 findings" "$TMP/warm" && ok || fail "cache: warm output differs from cold: $(diff "$TMP/cold" "$TMP/warm")"
echo '// edited' >>"$L/common.h"
lint >"$TMP/out" 2>"$TMP/err"
[ "$(cache_line)" = "hotpath: cache: 1 of 3 translation units reused from $TMP/cache" ] && ok || fail "cache: editing common.h must invalidate a.cpp and c.cpp only: $(cat "$TMP/err")"
touch "$L/b.cpp"
lint >"$TMP/out" 2>"$TMP/err"
[ "$(cache_line)" = "hotpath: cache: 3 of 3 translation units reused from $TMP/cache" ] && ok || fail "cache: a touched but unchanged file is still cached: $(cat "$TMP/err")"
touch "$TMP/not-a-dir"
"$HOTPATH" analyze -p "$L" --cache-dir "$TMP/not-a-dir" >"$TMP/out" 2>"$TMP/err"; rc=$?
[ $rc -eq 0 ] && diff "$TMP/cold" "$TMP/out" >/dev/null && [ "$(cache_line)" = "hotpath: cache: 0 of 3 translation units reused from $TMP/not-a-dir; 3 could not be stored there" ] && ok || fail "cache: unwritable directory (exit $rc): $(cat "$TMP/err")"
lint --no-cache >"$TMP/out" 2>"$TMP/err"
! grep -q cache "$TMP/err" && diff "$TMP/cold" "$TMP/out" >/dev/null && ok || fail "cache: --no-cache: $(cat "$TMP/err")"
# The cache under faults (issue 12): entries corrupted in place (a byte of a
# message changed, still valid JSON), truncated, or emptied are misses, and
# the output is the cold run's; two processes sharing the directory agree.
F1=$(find "$TMP/cache" -name '*.json' | sort | head -1)
F2=$(find "$TMP/cache" -name '*.json' | sort | sed -n 2p)
F3=$(find "$TMP/cache" -name '*.json' | sort | sed -n 3p)
python3 - "$F1" <<'PY'
import json, sys
entry = json.load(open(sys.argv[1]))
result = json.loads(entry["result"])
for f in result["findings"]:
    f["message"] = "tampered " + f["message"]
entry["result"] = json.dumps(result)
json.dump(entry, open(sys.argv[1], "w"))
PY
head -c 100 "$F2" >"$F2.cut" && mv "$F2.cut" "$F2"
: >"$F3"
lint >"$TMP/out" 2>"$TMP/err"
[ "$(cache_line)" = "hotpath: cache: 0 of 3 translation units reused from $TMP/cache" ] && diff "$TMP/cold" "$TMP/out" >/dev/null && ok || fail "cache: corrupted entries must be misses: $(cache_line) $(diff "$TMP/cold" "$TMP/out")"
rm -rf "$TMP/cache2"
lint2() { "$HOTPATH" analyze -p "$L" --cache-dir "$TMP/cache2"; }
( lint2 >"$TMP/p1" 2>/dev/null & lint2 >"$TMP/p2" 2>/dev/null & wait )
lint2 >"$TMP/p3" 2>"$TMP/err"
diff "$TMP/cold" "$TMP/p1" >/dev/null && diff "$TMP/cold" "$TMP/p2" >/dev/null && diff "$TMP/cold" "$TMP/p3" >/dev/null && [ -z "$(find "$TMP/cache2" -name '*.tmp-*')" ] && ok || fail "cache: two processes sharing a directory"
# A run killed mid-way (SIGKILL, no cleanup) leaves nothing a later run
# trusts: entries appear only by an atomic rename.
for delay in 0.2 0.5 1; do
  "$HOTPATH" analyze -p "$L" --cache-dir "$TMP/cache3" >/dev/null 2>&1 &
  pid=$!; sleep $delay; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
done
"$HOTPATH" analyze -p "$L" --cache-dir "$TMP/cache3" >"$TMP/out" 2>/dev/null
diff "$TMP/cold" "$TMP/out" >/dev/null && ok || fail "cache: after killed runs: $(diff "$TMP/cold" "$TMP/out")"

# The cache for Python files (issue 13): a file's result rests on its own
# contents and on the answers about project classes it asked. A comment in
# base.py leaves net.py's answers alone; making Base a plain class changes
# whether net.py's Net is an nn.Module: net.py is analysed again (its
# finding goes), util.py is reused.
P="$TMP/pycache"; mkdir -p "$P"
printf 'import torch.nn as nn\n\n\nclass Base(nn.Module):\n    pass\n' >"$P/base.py"
cat >"$P/net.py" <<'PY'
import torch

from base import Base


class Net(Base):
    def forward(self, x):
        return x


def score(n):
    net = Net()
    items = [torch.randn(3) for _ in range(n)]
    out = []
    for x in items:
        out.append(net(x.unsqueeze(0)))
    return out
PY
printf 'def join(words):\n    s = ""\n    for w in words.split():\n        s += w\n    return s\n' >"$P/util.py"
pylint() { "$HOTPATH" analyze --cache-dir "$TMP/pycache-dir" "$@" "$P"; }
pylint >"$TMP/pycold" 2>"$TMP/err"
[ "$(cache_line)" = "hotpath: cache: 0 of 3 translation units reused from $TMP/pycache-dir" ] && grep -q '^net.py:16:20: warning: .*\[batching-per-item-inference\]' "$TMP/pycold" && grep -q '^2 findings' "$TMP/pycold" && ok || fail "python cache: cold run: $(cat "$TMP/err" "$TMP/pycold")"
pylint >"$TMP/out" 2>"$TMP/err"
[ "$(cache_line)" = "hotpath: cache: 3 of 3 translation units reused from $TMP/pycache-dir" ] && diff "$TMP/pycold" "$TMP/out" >/dev/null && ok || fail "python cache: warm run: $(cat "$TMP/err") $(diff "$TMP/pycold" "$TMP/out")"
echo '# a comment' >>"$P/base.py"
pylint >"$TMP/out" 2>"$TMP/err"
[ "$(cache_line)" = "hotpath: cache: 2 of 3 translation units reused from $TMP/pycache-dir" ] && diff "$TMP/pycold" "$TMP/out" >/dev/null && ok || fail "python cache: a comment in base.py invalidates base.py only: $(cat "$TMP/err")"
printf 'class Base:\n    pass\n' >"$P/base.py"
pylint >"$TMP/out" 2>"$TMP/err"
"$HOTPATH" analyze --no-cache "$P" >"$TMP/pyfresh" 2>/dev/null
[ "$(cache_line)" = "hotpath: cache: 1 of 3 translation units reused from $TMP/pycache-dir" ] && ! grep -q 'net.py' "$TMP/out" && diff "$TMP/pyfresh" "$TMP/out" >/dev/null && ok || fail "python cache: Base no longer a module must invalidate net.py: $(cat "$TMP/err" "$TMP/out")"
# --diff with the cache: only the changed file is analysed, with the other
# files' classes (net.py's Net derives from base.py's Base); the finding is
# on the edited line.
printf 'import torch.nn as nn\n\n\nclass Base(nn.Module):\n    pass\n' >"$P/base.py"
git -C "$P" init -q && git -C "$P" add . && git -C "$P" -c user.name=t -c user.email=t@t commit -qm base
sed -i 's/out.append(net(x.unsqueeze(0)))/out.append(net(x.unsqueeze(0)))  # edited/' "$P/net.py"
pylint --diff HEAD >"$TMP/out" 2>"$TMP/err"
grep -q '^net.py:16:20: warning: .*\[batching-per-item-inference\]' "$TMP/out" && grep -q '^1 finding in 1 file (1 analysed)' "$TMP/out" && ok || fail "python --diff: a changed file sees the unchanged files' classes: $(cat "$TMP/err" "$TMP/out")"

# Call sites in other files (issue 13): main.py passes a model to
# helpers.py's embed_all, whose loop then calls a model per item. The result
# of helpers.py rests on what main.py passes: a comment in main.py reuses
# it, passing a lambda instead analyses it again and the finding goes.
Q="$TMP/pycalls"; mkdir -p "$Q"
printf 'def embed_all(model, items):\n    out = []\n    for x in items:\n        out.append(model(x.unsqueeze(0)))\n    return out\n' >"$Q/helpers.py"
printf 'import torch\nimport torch.nn as nn\n\nfrom helpers import embed_all\n\n\ndef run():\n    net = nn.Linear(3, 2)\n    items = [torch.randn(3) for _ in range(8)]\n    return embed_all(net, items)\n' >"$Q/main.py"
qlint() { "$HOTPATH" analyze --cache-dir "$TMP/pycalls-cache" "$Q"; }
qlint >"$TMP/out" 2>"$TMP/err"
grep -q '^helpers.py:4:20: warning: model call .model(x.unsqueeze(0)). runs once per item .*\[batching-per-item-inference\]' "$TMP/out" && grep -q '^1 finding' "$TMP/out" && ok || fail "python: a model passed from another file: $(cat "$TMP/out")"
echo '# a comment' >>"$Q/main.py"
qlint >"$TMP/out" 2>"$TMP/err"
[ "$(cache_line)" = "hotpath: cache: 1 of 2 translation units reused from $TMP/pycalls-cache" ] && grep -q '^1 finding' "$TMP/out" && ok || fail "python cache: a comment in the caller keeps the callee's result: $(cat "$TMP/err")"
sed -i 's/embed_all(net, items)/embed_all(lambda t: t, items)/' "$Q/main.py"
qlint >"$TMP/out" 2>"$TMP/err"
[ "$(cache_line)" = "hotpath: cache: 0 of 2 translation units reused from $TMP/pycalls-cache" ] && grep -q '^0 findings' "$TMP/out" && ok || fail "python cache: what the caller passes invalidates the callee: $(cat "$TMP/err" "$TMP/out")"

# --fail-on: exit 1 when a finding at or above the priority remains.
lint --fail-on critical >/dev/null 2>&1; rc=$?
[ $rc -eq 1 ] && ok || fail "fail-on critical: exit $rc, want 1"
printf "Rules: 'micro-*'\n" >"$TMP/micro.yaml"
lint --config "$TMP/micro.yaml" --fail-on low >/dev/null 2>&1; rc=$?
[ $rc -eq 0 ] && ok || fail "fail-on low without findings: exit $rc, want 0"
expect_error "fail-on: bad value" "invalid --fail-on value 'urgent' (expected critical, high or low)" -- analyze -p "$L" --fail-on urgent

# Baseline: known findings stay hidden when unrelated edits shift their
# lines; a new finding shows.
lint --write-baseline "$TMP/base.json" >/dev/null 2>&1
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['hotpath_baseline']==1 and len(d['findings'])==3, d" "$TMP/base.json" && ok || fail "baseline: written file"
sed -i '1i // a comment that shifts every line\n' "$L/a.cpp"
lint --baseline "$TMP/base.json" --fail-on critical >"$TMP/out" 2>&1; rc=$?
grep -q "^0 findings in 0 files (3 analysed); 3 known from the baseline" "$TMP/out" && [ $rc -eq 0 ] && ok || fail "baseline: shifted lines resurrected findings (exit $rc): $(cat "$TMP/out")"
cat >>"$L/b.cpp" <<'CPP'
std::string twice(const std::vector<std::string> &xs) {
  std::string t;
  for (const auto &x : xs)
    t = x + t;
  return t;
}
CPP
lint --baseline "$TMP/base.json" >"$TMP/out" 2>&1
grep -q "^b.cpp:12:5: warning: .*\[algorithmic-quadratic-string-build\]" "$TMP/out" && grep -q "^1 finding in 1 file (3 analysed).*3 known from the baseline" "$TMP/out" && ok || fail "baseline: new finding: $(cat "$TMP/out")"
echo '{"hotpath_baseline": 7, "findings": []}' >"$TMP/bad-base.json"
expect_error "baseline: wrong version" "$TMP/bad-base.json: not a hotpath baseline: version 7" -- analyze -p "$L" --baseline "$TMP/bad-base.json"

# --diff REV: only the changed TUs, only findings on changed lines.
if command -v git >/dev/null; then
  git -C "$L" init -q && git -C "$L" add -A && git -C "$L" -c user.name=t -c user.email=t@t commit -qm base
  cat >>"$L/c.cpp" <<'CPP'
std::string again(const std::vector<std::string> &xs) {
  std::string u;
  for (const auto &x : xs)
    u = u + x;
  return u;
}
CPP
  lint --diff HEAD >"$TMP/out" 2>&1
  grep -q "^c.cpp:13:5: warning: .*\[algorithmic-quadratic-string-build\]" "$TMP/out" && grep -q "^1 finding in 1 file (1 analysed).*only lines changed since HEAD" "$TMP/out" && ok || fail "diff: changed file: $(cat "$TMP/out")"
  git -C "$L" -c user.name=t -c user.email=t@t commit -qam more
  echo '// edited again' >>"$L/common.h"
  lint --diff HEAD >"$TMP/out" 2>&1
  grep -q "^0 findings in 0 files (3 analysed)" "$TMP/out" && ok || fail "diff: a changed header analyses every TU, reports no unchanged line: $(cat "$TMP/out")"
  # The pre-commit hook of examples/ci on this repository: a commit that adds
  # a critical finding is refused, one that does not passes.
  (cd "$L" && HOTPATH="$HOTPATH" HOTPATH_BUILD="$L" sh "$SRC/examples/ci/pre-commit" >"$TMP/out" 2>&1); rc=$?
  [ $rc -eq 0 ] && ok || fail "pre-commit hook: no new finding, exit $rc: $(cat "$TMP/out")"
  printf 'std::string third(const std::vector<std::string> &xs) {\n  std::string v;\n  for (const auto &x : xs)\n    v = v + x;\n  return v;\n}\n' >>"$L/a.cpp"
  (cd "$L" && HOTPATH="$HOTPATH" HOTPATH_BUILD="$L" sh "$SRC/examples/ci/pre-commit" >"$TMP/out" 2>&1); rc=$?
  [ $rc -eq 1 ] && grep -q "a critical finding on a changed line" "$TMP/out" && ok || fail "pre-commit hook: new critical finding, exit $rc: $(cat "$TMP/out")"
  expect_error "diff: bad revision" "--diff nosuchrev: not a revision of the repository at" -- analyze -p "$L" --diff nosuchrev
else
  echo "SKIP: diff mode (git not installed)"
fi

# The CI files of examples/ci parse, and every hotpath option they use exists.
# Project scope (docs/architecture.md): the root is the git top level above
# the database; vendored trees, the build tree and --exclude globs are
# library code (never analysed); a file with two commands is analysed twice
# and its findings merge; every path is relative to the root.
SC="$TMP/scope"
mkdir -p "$SC/.git" "$SC/src" "$SC/third_party/z" "$SC/build/_deps/g" "$SC/tools"
for f in src/a.cpp third_party/z/b.cpp build/_deps/g/c.cpp tools/d.cpp; do
  printf '#include <fstream>\n#include <string>\nint n(const std::string &p, int k) {\n  int s = 0;\n  for (int i = 0; i < k; ++i) {\n    std::ifstream in(p);\n    s += in.good();\n  }\n  return s;\n}\n' >"$SC/$f"
done
{ echo "["; sep=""
  for f in src/a.cpp src/a.cpp third_party/z/b.cpp build/_deps/g/c.cpp tools/d.cpp; do
    printf '%s{"directory": "%s/build", "file": "%s/%s", "arguments": ["c++", "-std=c++17", "-DV%s", "-c", "%s/%s"]}\n' "$sep" "$SC" "$SC" "$f" "${#sep}" "$SC" "$f"
    sep=","
  done
  echo "]"; } >"$SC/build/compile_commands.json"
"$HOTPATH" analyze -p "$SC/build" --exclude 'tools/*' --no-cache >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 0 ] && ok || fail "scope: exit $rc: $(cat "$TMP/err")"
[ "$(grep -c 'warning: ' "$TMP/out")" -eq 1 ] && grep -q '^src/a.cpp:6:19: warning: ' "$TMP/out" && ok || fail "scope: want one finding at src/a.cpp:6:19 (relative), got: $(cat "$TMP/out")"
grep -qF "hotpath: note: 3 files of the database are library code (outside $SC, vendored, in the build tree or excluded); not analysed" "$TMP/err" && ok || fail "scope: skipped-files note: $(cat "$TMP/err")"
grep -qF "hotpath: note: 1 file has several compile commands; each was analysed and identical findings merged" "$TMP/err" && ok || fail "scope: several-commands note: $(cat "$TMP/err")"
grep -q "1 finding in 1 file (1 analysed)" "$TMP/out" && ok || fail "scope: summary: $(tail -1 "$TMP/out")"
expect_error "scope: bad exclude glob" "invalid exclude glob '[z'" -- analyze -p "$SC/build" --exclude '[z'

"$HOTPATH" analyze --help >"$TMP/help" 2>&1
for f in "$SRC"/examples/ci/*.yml "$SRC"/examples/ci/*.yaml; do
  python3 -c "import sys, yaml; yaml.safe_load(open(sys.argv[1]))" "$f" 2>"$TMP/err" && ok || fail "ci: $f is not YAML: $(cat "$TMP/err")"
done
# Options of the `analyze` command lines (continuation lines joined).
opts=$(python3 "$SRC/tests/cli/ci_options.py" "$SRC"/examples/ci/*)
[ "$(echo "$opts" | wc -w)" -ge 4 ] && ok || fail "ci: too few analyze options found: $opts"
for opt in $opts; do
  grep -q -- "$opt" "$TMP/help" && ok || fail "ci: option $opt of examples/ci is not a hotpath option"
done

echo "$passed passed, $failures failed"
[ $failures -eq 0 ]
