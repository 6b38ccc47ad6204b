#!/usr/bin/env bash
# SARIF output through Microsoft's official validator (npm package
# @microsoft/sarif-multitool): no error on the golden report and on a real
# analysis of the bundled example. Skips (77) with a message when npm is not
# installed or the package cannot be fetched.
# Usage: sarif_validate.sh HOTPATH SOURCE_DIR BUILD_DIR
set -uo pipefail
HOTPATH=$1 SRC=$2 BUILD=$3
if ! command -v npm >/dev/null; then
  echo "SKIP: npm is not installed; SARIF output was not validated"
  exit 77
fi
TOOLS="$BUILD/npm-tools"
if [ ! -x "$TOOLS/node_modules/.bin/sarif-multitool" ]; then
  if ! npm install --prefix "$TOOLS" --no-audit --no-fund --silent @microsoft/sarif-multitool >"$BUILD/npm-install.log" 2>&1; then
    echo "SKIP: npm could not install @microsoft/sarif-multitool (see $BUILD/npm-install.log)"
    exit 77
  fi
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$HOTPATH" analyze -p "$BUILD" "$SRC/examples/search_service/main.cpp" --no-cache --format sarif -o "$TMP/example.sarif" || { echo "FAIL: analyze --format sarif"; exit 1; }
cp "$SRC/tests/golden/report.sarif" "$TMP/golden.sarif"
failures=0
for f in "$TMP/example.sarif" "$TMP/golden.sarif"; do
  out=$("$TOOLS/node_modules/.bin/sarif-multitool" validate "$f" 2>&1)
  if echo "$out" | grep -q ': error '; then
    echo "FAIL: $(basename "$f"): the validator reports errors:"
    echo "$out" | grep ': error '
    failures=$((failures + 1))
  elif ! echo "$out" | grep -q 'Analysis completed successfully'; then
    echo "FAIL: $(basename "$f"): the validator did not finish: $out"
    failures=$((failures + 1))
  else
    echo "ok: $(basename "$f"): no validator errors ($(echo "$out" | grep -c ': warning ') warnings)"
  fi
done
# Repo-relative URIs, fingerprints and the ranking in properties.
python3 - "$TMP/example.sarif" <<'PY' || failures=$((failures + 1))
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
results = run["results"]
assert len(results) == 7, len(results)
for r in results:
    loc = r["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc["uriBaseId"] == "SRCROOT" and loc["uri"] == "examples/search_service/main.cpp", loc
    assert len(r["partialFingerprints"]["primaryLocationLineHash"].split(":")) == 2
    assert {"priority", "hot_fraction", "estimated_saving", "rank"} <= set(r["properties"])
ids = [d["id"] for d in run["tool"]["driver"]["rules"]]
assert ids == sorted(ids) and len(ids) == 20, ids
assert all(r["ruleId"] == ids[r["ruleIndex"]] for r in results)
print("ok: example.sarif: 7 results, repo-relative URIs, fingerprints, %d rule descriptors" % len(ids))
PY
[ $failures -eq 0 ]
