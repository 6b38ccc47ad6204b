#!/usr/bin/env python3
"""Runs a Python program's main(argv) under line_profiler, every function the
program's file defines profiled line by line, and writes the .lprof file.

It is what `kernprof -l` does with @profile on each function, without
editing the program (line_profiler 4.0, Debian 12's, has no `kernprof -p`).
Methods of classes are left out: a method called from a profiled function
would be timed twice, once in its own lines and once in its caller's line,
and hotpath's line_profiler importer takes profiled functions as called from
the heaviest one only (docs/traces.md).

Usage: /usr/bin/python3 examples/lprof_run.py OUT.lprof PROGRAM.py [ARGS...]
"""
import importlib.util
import inspect
import os
import sys


def load_program(argv, name):
    """OUT, PROGRAM and ARGS from `argv`, and PROGRAM loaded as module `name`
    (its directory first on sys.path, as when it runs as a script); None
    when `argv` is short. bench/py_main_timer.py loads programs with it."""
    if len(argv) < 3:
        return None
    out, program, args = argv[1], os.path.abspath(argv[2]), argv[3:]
    sys.path.insert(0, os.path.dirname(program))
    spec = importlib.util.spec_from_file_location(name, program)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return out, module, args


def main():
    from line_profiler import LineProfiler

    if len(sys.argv) < 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    out, module, args = load_program(sys.argv, "__profiled__")
    profiler = LineProfiler()
    for name, value in list(vars(module).items()):
        if inspect.isfunction(value) and value.__module__ == module.__name__:
            setattr(module, name, profiler(value))
    try:
        status = module.main(args)
    finally:
        profiler.dump_stats(out)
    return status or 0


if __name__ == "__main__":
    sys.exit(main())
