#!/usr/bin/env python3
"""End-to-end: profile a bundled example with perf, analyse it with the trace,
and check hotpath's shares against shares computed here, independently.

The independent share of a finding is the fraction of samples (by period)
whose stack has a frame of the finding's function at a line of the flagged
call, as `perf script -F ...,srcline` reports it (perf's own addr2line, not
hotpath's DWARF symbolizer or importer). Checks:
  1. every finding's hot_fraction is within 0.05 of its independent share;
  2. the findings sorted by hot_fraction are in the order of their
     independent shares (shares, not times: the machine is noisy);
  3. the ranking (by estimated saving) is the order of independent share x
     (1 - 1/expected_speedup): the ranking follows from measured shares.
Exit 77 (ctest: skipped) when perf cannot record here.

Usage: profile_example_test.py HOTPATH SOURCE_DIR BUILD_DIR
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

EXAMPLE = "retrieval_pipeline"
TOLERANCE = 0.05


def main():
    hotpath, src, build = (os.path.abspath(a) for a in sys.argv[1:4])
    exe = os.path.join(build, "examples", EXAMPLE, EXAMPLE)
    if not shutil.which("perf"):
        print("SKIP: perf is not installed (bash .ci/setup installs "
              "linux-perf)")
        return 77
    env = dict(os.environ, OMP_NUM_THREADS="1")
    with tempfile.TemporaryDirectory(prefix="hotpath-e2e-") as tmp:
        data = os.path.join(tmp, "perf.data")
        rec = subprocess.run(
            ["perf", "record", "-q", "-e", "cpu-clock", "-F", "500",
             "--call-graph", "dwarf", "-o", data, exe], cwd=tmp, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if rec.returncode != 0 and not os.path.exists(exe):
            print("FAIL: %s is not built" % exe)
            return 1
        if rec.returncode != 0:
            print("SKIP: perf record cannot run here (exit %d): %s" %
                  (rec.returncode, rec.stderr.strip()))
            return 77
        trace = os.path.join(tmp, "perf.txt")
        with open(trace, "w") as out:
            subprocess.run(["perf", "script", "-i", data], stdout=out,
                           stderr=subprocess.DEVNULL, check=True)
        srcline = subprocess.run(
            ["perf", "script", "-i", data, "-F",
             "comm,tid,time,period,event,ip,sym,srcline"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            check=True).stdout
        report = json.loads(subprocess.run(
            [hotpath, "analyze", "-p", build,
             os.path.join("examples", EXAMPLE, "main.cpp"), "--trace", trace,
             "--format", "json"], cwd=src, stdout=subprocess.PIPE,
            check=True, text=True).stdout)

    # Independent shares from perf's srcline output: a sample is a header
    # line ("comm tid time: period event:") and frame lines ("\taddr sym"),
    # each followed by its "  file:line" when perf knows one.
    samples = []
    for block in srcline.split("\n\n"):
        lines = [l for l in block.split("\n") if l.strip()]
        if not lines:
            continue
        m = re.search(r":\s+(\d+)\s+\S+:\s*$", lines[0])
        if not m:
            continue
        frames = []  # [symbol, srcline]; kernel frames have no srcline
        for line in lines[1:]:
            if line.startswith("\t"):
                parts = line.split(None, 1)
                frames.append([parts[1].strip() if len(parts) > 1 else "",
                               ""])
            elif frames and not frames[-1][1]:
                frames[-1][1] = line.strip()
        samples.append((int(m.group(1)), frames))
    total = sum(p for p, _ in samples)
    assert total > 0, "no samples"

    def independent_share(f):
        fn = f["function"].split("(")[0]
        base = os.path.basename(f["file"])
        wanted = {"%s:%d" % (base, l)
                  for l in range(f["call"]["begin"], f["call"]["end"] + 1)}
        hit = 0
        for period, frames in samples:
            if any(sym.startswith(fn) and
                   src.split(" ")[0] in wanted for sym, src in frames):
                hit += period
        return hit / total

    failures = []
    rows = []
    for f in report["findings"]:
        share = independent_share(f)
        rows.append((f, share))
        print("rank %d %-28s line %3d: hot_fraction %.4f, independent %.4f" %
              (f["rank"], f["rule"], f["line"], f["hot_fraction"], share))
        if abs(f["hot_fraction"] - share) > TOLERANCE:
            failures.append("line %d: hot_fraction %.4f vs independent %.4f" %
                            (f["line"], f["hot_fraction"], share))
    if len(rows) != 3:
        failures.append("expected the example's 3 findings, got %d" %
                        len(rows))
    by_ours = [f["line"] for f, _ in
               sorted(rows, key=lambda r: -r[0]["hot_fraction"])]
    by_independent = [f["line"] for f, s in sorted(rows, key=lambda r: -r[1])]
    if by_ours != by_independent:
        failures.append("order by share: hotpath %s, independent %s" %
                        (by_ours, by_independent))
    ranking = [f["line"] for f, _ in rows]
    expected_ranking = [f["line"] for f, s in sorted(
        rows, key=lambda r: -r[1] * (1 - 1 / r[0]["expected_speedup"]))]
    if ranking != expected_ranking:
        failures.append("ranking %s, by independent saving %s" %
                        (ranking, expected_ranking))
    for msg in failures:
        print("FAIL: " + msg)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
