#!/usr/bin/python3
"""The Python frontend on programs that use the real torch and faiss.

For each program in tests/integration/python/: runs it with Debian's
/usr/bin/python3 (python3-torch, python3-faiss) and requires exit 0, then
runs `hotpath analyze` on it and requires exactly the findings its
CHECK-MESSAGES lines expect (rule, line, column, message), nothing else.
Skips (77) when torch or faiss cannot be imported.
Usage: python_integration.py HOTPATH_BINARY
"""
import glob
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CHECK = re.compile(r"#\s*CHECK-MESSAGES: :\[\[@LINE([+-]\d+)?\]\]:(\d+): "
                   r"warning: (.*) \[([a-z0-9-]+)\]$")


def expectations(path):
    out = set()
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            m = CHECK.search(line.strip())
            if m:
                offset = int(m.group(1) or 0)
                out.add((m.group(4), number + offset, int(m.group(2)),
                         m.group(3)))
    return out


def main():
    hotpath = sys.argv[1]
    probe = subprocess.run(["/usr/bin/python3", "-c", "import torch, faiss"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        why = (probe.stderr.strip().splitlines() or ["no output"])[-1]
        print("python_integration: skipped: /usr/bin/python3 cannot import "
              "torch and faiss (install python3-torch python3-faiss): " + why)
        return 77
    failures = 0
    programs = sorted(glob.glob(os.path.join(HERE, "python", "*.py")))
    for program in programs:
        name = os.path.relpath(program, HERE)
        run = subprocess.run(["/usr/bin/python3", program], capture_output=True,
                             text=True, timeout=600)
        if run.returncode != 0:
            print(f"{name}: FAILED to run (exit {run.returncode}): "
                  f"{run.stderr.strip()[-500:]}")
            failures += 1
            continue
        print(f"{name}: ran: {run.stdout.strip()}")
        report = subprocess.run(
            [hotpath, "analyze", "--project-root", HERE, program, "--format",
             "json", "--no-cache"], capture_output=True, text=True, timeout=600)
        if report.returncode not in (0, 1):
            print(f"{name}: FAILED: hotpath exited {report.returncode}: "
                  f"{report.stderr.strip()}")
            failures += 1
            continue
        found = {(f["rule"], f["line"], f["column"], f["message"])
                 for f in json.loads(report.stdout)["findings"]}
        expected = expectations(program)
        for missing in sorted(expected - found):
            print(f"{name}: FAILED: missing {missing}")
        for extra in sorted(found - expected):
            print(f"{name}: FAILED: unexpected {extra}")
        failures += len(expected ^ found) > 0
        print(f"{name}: {len(found & expected)} of {len(expected)} expected "
              f"findings, {len(found - expected)} unexpected")
    print("python_integration: " + ("ok" if not failures else
                                    f"{failures} program(s) failed"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
