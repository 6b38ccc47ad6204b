#!/usr/bin/env python3
"""End-to-end: run the Python example under cProfile, analyse it with the
pstats dump, and check hotpath's shares against shares computed here from
Python's own `pstats` module (none of hotpath's marshal reader or model).

The independent share of a finding in function F (docs/attribution.md,
"Python findings and pstats"):
  - a call of an API: the cumulative time, *from F*, of the profile
    functions the call runs as (the method, FAISS's `replacement_<method>`
    wrapper, nn.Module's `_call_impl` for a model call), from the callers
    table pstats keeps per callee;
  - an operation without a callee (`x in L`, `s += t`): F's own time (tt);
each over pstats' total_tt. Checks:
  1. the example's five findings, each hot_fraction within 0.05 of its
     independent share;
  2. measured_calls equals pstats' count of calls from F;
  3. the ranking is the order of independent share x (1 - 1/speedup),
     findings below the cold threshold last;
  4. under line_profiler (examples/lprof_run.py), line evidence: each
     share within 0.05 of the call lines' time from line_profiler's own
     load_stats, and measured_calls equal to the lines' hits;
  5. under Scalene (--json), line evidence for every finding whose call
     lines Scalene sampled, each share the call lines' percentages from
     Scalene's JSON read here, plus, for a call of a project module, its
     forward's (Scalene charges the module's time to forward's lines).
Exit 77 (ctest: skipped) when Debian's Python lacks torch or faiss.

Usage: python_profile_test.py HOTPATH SOURCE_DIR
"""
import json
import os
import pstats
import subprocess
import sys
import tempfile

PYTHON = "/usr/bin/python3"
EXAMPLE = os.path.join("examples", "semantic_search", "service.py")
TOLERANCE = 0.05
COLD = 0.01


def runs_as(finding):
    """The profile function names a finding's call runs as."""
    api = finding["api"]
    if not api:
        return set()
    tail = api.replace("::", ".").split(".")[-1]
    names = {tail, "replacement_" + tail}
    if finding["rule"] in ("batching-per-item-inference",
                           "code-level-missing-inference-mode"):
        names |= {"_call_impl", "_wrapped_call_impl", "__call__"}
    return names


def main():
    hotpath, src = (os.path.abspath(a) for a in sys.argv[1:3])
    probe = subprocess.run([PYTHON, "-c", "import torch, faiss"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True)
    if probe.returncode != 0:
        print("SKIP: %s cannot import torch and faiss (bash .ci/setup "
              "installs python3-torch and python3-faiss): %s" %
              (PYTHON, probe.stderr.strip().splitlines()[-1:]))
        return 77
    with tempfile.TemporaryDirectory(prefix="hotpath-e2e-py-") as tmp:
        stats_path = os.path.join(tmp, "prof.stats")
        env = dict(os.environ, OMP_NUM_THREADS="1")
        subprocess.run([PYTHON, "-m", "cProfile", "-o", stats_path,
                        os.path.join(src, EXAMPLE)], cwd=tmp, env=env,
                       stdout=subprocess.DEVNULL, check=True)
        report = json.loads(subprocess.run(
            [hotpath, "analyze", EXAMPLE, "--trace", stats_path, "--format",
             "json"], cwd=src, stdout=subprocess.PIPE, check=True,
            text=True).stdout)
        st = pstats.Stats(stats_path)

    total = st.total_tt
    assert total > 0, "empty profile"

    def function_key(f):
        keys = [k for k in st.stats
                if k[2] == f["function"] and k[0].endswith(f["file"])]
        assert len(keys) == 1, (f["function"], keys)
        return keys[0]

    def independent(f):
        """(share, calls from the finding's function or None)."""
        key = function_key(f)
        names = runs_as(f)
        if not names:
            return st.stats[key][2] / total, None
        time, calls = 0.0, 0
        for callee, (cc, nc, tt, ct, callers) in st.stats.items():
            if callee[2] in names and key in callers:
                time += callers[key][3]
                calls = max(calls, callers[key][0])
        return time / total, calls

    failures = []
    rows = []
    for f in report["findings"]:
        share, calls = independent(f)
        rows.append((f, share))
        print("rank %d %-34s line %3d: hot_fraction %.4f, independent %.4f, "
              "calls %s / %s" % (f["rank"], f["rule"], f["line"],
                                 f["hot_fraction"], share,
                                 f["measured_calls"], calls))
        if f["evidence"] != "function":
            failures.append("line %d: %s evidence, want function" %
                            (f["line"], f["evidence"]))
        if abs(f["hot_fraction"] - share) > TOLERANCE:
            failures.append("line %d: hot_fraction %.4f vs independent %.4f" %
                            (f["line"], f["hot_fraction"], share))
        if f["measured_calls"] != calls:
            failures.append("line %d: measured_calls %s vs pstats %s" %
                            (f["line"], f["measured_calls"], calls))
    lines = sorted(f["line"] for f, _ in rows)
    if lines != [40, 48, 58, 61, 73]:
        failures.append("expected findings at lines 40, 48, 58, 61, 73; got "
                        "%s" % lines)
    ranking = [f["line"] for f, _ in rows]
    expected = [f["line"] for f, s in sorted(
        rows, key=lambda r: (r[1] < COLD,
                             -r[1] * (1 - 1 / r[0]["expected_speedup"])))]
    if ranking != expected:
        failures.append("ranking %s, by independent saving %s" %
                        (ranking, expected))
    failures += check_line_profiler(hotpath, src)
    failures += check_scalene(hotpath, src)
    for msg in failures:
        print("FAIL: " + msg)
    return 1 if failures else 0


def check_line_profiler(hotpath, src):
    """The same run under line_profiler (examples/lprof_run.py): each
    finding's share is its call lines' time over main's (the heaviest
    profiled function, which calls the others), from line_profiler's own
    load_stats; its measured_calls the lines' largest hit count."""
    try:
        from line_profiler import load_stats
    except ImportError:
        return ["line_profiler is not installed (bash .ci/setup installs "
                "python3-line-profiler)"]
    failures = []
    with tempfile.TemporaryDirectory(prefix="hotpath-e2e-lp-") as tmp:
        lprof = os.path.join(tmp, "prof.lprof")
        env = dict(os.environ, OMP_NUM_THREADS="1")
        subprocess.run([PYTHON, os.path.join(src, "examples", "lprof_run.py"),
                        lprof, os.path.join(src, EXAMPLE)], cwd=tmp, env=env,
                       stdout=subprocess.DEVNULL, check=True)
        report = json.loads(subprocess.run(
            [hotpath, "analyze", EXAMPLE, "--trace", lprof, "--format",
             "json"], cwd=src, stdout=subprocess.PIPE, check=True,
            text=True).stdout)
        stats = load_stats(lprof)
    times = {k: sum(t for _, _, t in v) * stats.unit
             for k, v in stats.timings.items()}
    heaviest = max(times.values())
    total = heaviest if heaviest >= sum(times.values()) - heaviest \
        else sum(times.values())
    for f in report["findings"]:
        (key,) = [k for k in stats.timings
                  if k[2] == f["function"] and k[0].endswith(f["file"])]
        rows = [(hits, t * stats.unit) for line, hits, t in stats.timings[key]
                if f["call"]["begin"] <= line <= f["call"]["end"]]
        share = sum(t for _, t in rows) / total
        hits = max(h for h, _ in rows) if rows else None
        print("line_profiler line %3d: hot_fraction %.4f, independent %.4f, "
              "hits %s / %s" % (f["line"], f["hot_fraction"], share,
                                f["measured_calls"], hits))
        if f["evidence"] != "line":
            failures.append("lprof line %d: %s evidence, want line" %
                            (f["line"], f["evidence"]))
        if abs(f["hot_fraction"] - share) > TOLERANCE:
            failures.append("lprof line %d: hot_fraction %.4f vs %.4f" %
                            (f["line"], f["hot_fraction"], share))
        if f["measured_calls"] != hits:
            failures.append("lprof line %d: measured_calls %s vs hits %s" %
                            (f["line"], f["measured_calls"], hits))
    return failures


def check_scalene(hotpath, src):
    """The same run under Scalene: each finding's share is the sum of its
    call lines' Python + native + system percentages in Scalene's JSON."""
    probe = subprocess.run([PYTHON, "-c", "import scalene"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if probe.returncode != 0:
        return ["Scalene is not installed (bash .ci/setup installs "
                "python3-scalene)"]
    failures = []
    program = os.path.join(src, EXAMPLE)
    with tempfile.TemporaryDirectory(prefix="hotpath-e2e-sc-") as tmp:
        out = os.path.join(tmp, "prof.json")
        env = dict(os.environ, OMP_NUM_THREADS="1")
        # Scalene 1.5 profiles the files under --program-path (default: the
        # working directory, here the temporary one).
        subprocess.run([PYTHON, "-m", "scalene", "--cli", "--cpu", "--json",
                        "--outfile", out, "--program-path",
                        os.path.dirname(program), program], cwd=tmp, env=env,
                       stdout=subprocess.DEVNULL, check=True)
        report = json.loads(subprocess.run(
            [hotpath, "analyze", EXAMPLE, "--trace", out, "--format",
             "json"], cwd=src, stdout=subprocess.PIPE, check=True,
            text=True).stdout)
        with open(out) as f:
            profile = json.load(f)
    (entry,) = [v for k, v in profile["files"].items()
                if k.endswith(EXAMPLE) or EXAMPLE.endswith(k)]
    lines = entry["lines"]

    def pct(e):
        return (e["n_cpu_percent_python"] + e["n_cpu_percent_c"] +
                e["n_sys_percent"]) / 100

    for f in report["findings"]:
        rows = [l for l in lines
                if f["call"]["begin"] <= l["lineno"] <= f["call"]["end"]]
        share = sum(pct(l) for l in rows)
        # A call of a project module: Scalene measures its forward on
        # forward's own lines (Scalene's function entry for it).
        if f["api"].endswith(".forward"):
            share += sum(pct(e) for e in entry["functions"]
                         if e["line"] == f["api"])
        print("scalene line %3d: hot_fraction %.4f, independent %.4f, %s "
              "evidence" % (f["line"], f["hot_fraction"], share,
                            f["evidence"]))
        if rows and f["evidence"] != "line":
            failures.append("scalene line %d: %s evidence, want line" %
                            (f["line"], f["evidence"]))
        if abs(f["hot_fraction"] - share) > TOLERANCE:
            failures.append("scalene line %d: hot_fraction %.4f vs %.4f" %
                            (f["line"], f["hot_fraction"], share))
    if not any(f["evidence"] == "line" for f in report["findings"]):
        failures.append("scalene: no finding has line evidence")
    return failures


if __name__ == "__main__":
    sys.exit(main())
