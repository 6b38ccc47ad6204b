#!/usr/bin/python3
"""Calibrates the Python batching speedups of rules/catalog (issue 14).

For each batchable API called from Python -- a PyTorch module, FAISS
`search` and `add` on a flat and an IVF index -- times n single-item calls
(`model(x[i].unsqueeze(0))`, `index.search(q.reshape(1, -1), k)`, the shapes
the batching rules flag) against one call on the n items, over a grid of
sizes that is neither the examples' nor bench/batching_speedups.cpp's,
single-threaded. Python's per-call overhead (the interpreter, nn.Module's
__call__ hooks, the SWIG wrapper and numpy's checks) comes on top of the
C++ call's, so a Python per-item loop gains more from batching than the
same loop in C++. The catalog's "python" ranges are the min and max this
prints on the reference machine (docs/ranking.md).

Usage: /usr/bin/python3 bench/python_batching_speedups.py [REPEATS]
       [--json FILE]
Run it with Debian's /usr/bin/python3, which has torch and faiss.
"""
import json
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import faiss  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

RANGES = {}
ROWS = []


def seconds(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    times.sort()
    return times[len(times) // 2]


def report(api, config, single, batched):
    s = single / batched
    lo, hi = RANGES.get(api, (float("inf"), 0.0))
    RANGES[api] = (min(lo, s), max(hi, s))
    ROWS.append({"api": api, "config": config, "single_s": single,
                 "batched_s": batched, "speedup": s})
    print("%-26s %-34s single %8.4f s  batched %8.4f s  speedup %7.2fx" %
          (api, config, single, batched, s), flush=True)


def make_index(ivf, d, train):
    if not ivf:
        return faiss.IndexFlatL2(d), None
    quantizer = faiss.IndexFlatL2(d)
    index = faiss.IndexIVFFlat(quantizer, d, 128)
    index.cp.niter = 10
    index.train(train)
    index.nprobe = 4
    return index, quantizer


def faiss_search(ivf, nb, d, repeats):
    nq, k = 300, 5
    rng = np.random.default_rng(11)
    base = rng.standard_normal((nb, d), dtype=np.float32)
    queries = rng.standard_normal((nq, d), dtype=np.float32)
    index, quantizer = make_index(ivf, d, base[:128 * 40])
    index.add(base)

    def single():
        for q in queries:
            index.search(q.reshape(1, -1), k)

    single_s = seconds(single, repeats)
    batched_s = seconds(lambda: index.search(queries, k), repeats)
    report("faiss.IndexIVF.search" if ivf else "faiss.IndexFlat.search",
           "nb=%d d=%d nq=%d k=%d" % (nb, d, nq, k), single_s, batched_s)
    del quantizer


def faiss_add(ivf, n, d, repeats):
    rng = np.random.default_rng(12)
    base = rng.standard_normal((n, d), dtype=np.float32)
    index, quantizer = make_index(ivf, d, base[:128 * 40])

    def single():
        index.reset()
        for row in base:
            index.add(row.reshape(1, -1))

    def batched():
        index.reset()
        index.add(base)

    report("faiss.IndexIVF.add" if ivf else "faiss.IndexFlat.add",
           "n=%d d=%d" % (n, d), seconds(single, repeats),
           seconds(batched, repeats))
    del quantizer


def torch_inference(name, model, shape, repeats):
    torch.manual_seed(3)
    model.eval()
    n = shape[0]
    x = torch.randn(*shape)
    with torch.no_grad():
        def single():
            for i in range(n):
                model(x[i].unsqueeze(0))

        single_s = seconds(single, repeats)
        batched_s = seconds(lambda: model(x), repeats)
    report("torch.nn.Module.__call__", "%s n=%d" % (name, n), single_s,
           batched_s)


def main(argv):
    repeats = 3
    json_out = None
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--json" and args:
            json_out = args.pop(0)
        elif a.isdigit():
            repeats = max(1, int(a))
        else:
            print(__doc__.strip().splitlines()[-3], file=sys.stderr)
            return 2
    torch.set_num_threads(1)
    faiss.omp_set_num_threads(1)
    for ivf in (False, True):
        for nb in (5000, 50000):
            for d in (48, 96):
                faiss_search(ivf, nb, d, repeats)
    for ivf in (False, True):
        for d in (48, 96):
            faiss_add(ivf, 20000, d, repeats)
    torch_inference("mlp 32-64-16", nn.Sequential(
        nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 16)), (1000, 32), repeats)
    torch_inference("mlp 128-512-128", nn.Sequential(
        nn.Linear(128, 512), nn.ReLU(), nn.Linear(512, 128)), (1000, 128),
        repeats)
    torch_inference("mlp 512-2048-512", nn.Sequential(
        nn.Linear(512, 2048), nn.GELU(), nn.Linear(2048, 512)), (500, 512),
        repeats)
    torch_inference("conv 3x32x32", nn.Sequential(
        nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
        nn.Flatten(), nn.Linear(16, 10)), (300, 3, 32, 32), repeats)
    print("\nranges (min..max speedup over the grid):")
    for api in sorted(RANGES):
        lo, hi = RANGES[api]
        print("  %-26s [%.1f, %.1f]" % (api, lo, hi))
    if json_out:
        with open(json_out, "w") as f:
            json.dump({"rows": ROWS, "ranges": RANGES,
                       "repeats": repeats}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
