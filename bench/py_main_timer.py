#!/usr/bin/python3
"""Runs a Python program's main(argv) and writes how long main() took.

bench/advice_accuracy.py times the Python example two ways: the whole
process (what a cProfile profile covers: the imports too) and main() alone
(what a line_profiler profile covers: only the functions it profiled). This
loads PROGRAM as a module (its imports count in the process time, not in
main()'s), calls main(ARGS) and writes main()'s wall seconds to OUT.

Usage: /usr/bin/python3 bench/py_main_timer.py OUT PROGRAM.py [ARGS...]
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "examples"))
from lprof_run import load_program  # noqa: E402


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    out, module, args = load_program(sys.argv, "__timed__")
    start = time.perf_counter()
    status = module.main(args)
    elapsed = time.perf_counter() - start
    with open(out, "w") as f:
        f.write("%.6f\n" % elapsed)
    return status or 0


if __name__ == "__main__":
    sys.exit(main())
