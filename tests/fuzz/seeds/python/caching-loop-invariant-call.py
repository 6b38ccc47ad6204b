# Python fixture of caching-loop-invariant-call.
import json
import torch
import faiss


def score(paths, cfg_path):
    out = []
    for p in paths:
        cfg = json.load(open(cfg_path))
        # CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'json.load' is expensive and loop-invariant: its arguments do not change in the for loop at line 9, yet it runs on every iteration [caching-loop-invariant-call]
        weights = torch.load("weights.pt")
        # CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'torch.load' is expensive and loop-invariant: its arguments do not change in the for loop at line 9, yet it runs on every iteration [caching-loop-invariant-call]
        out.append((cfg, weights, p))
    return out


def query_all(queries, index_path):
    for q in queries:
        index = faiss.read_index(index_path)
        # CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'faiss.read_index' is expensive and loop-invariant: its arguments do not change in the for loop at line 19, yet it runs on every iteration [caching-loop-invariant-call]
        index.search(q, 5)


# --- Not flagged ------------------------------------------------------------


def per_file(paths):
    # The argument changes per iteration.
    return [torch.load(p) for p in paths]


def once(path, xs):
    # Loaded once, before the loop.
    model = torch.load(path)
    return [model(x) for x in xs]


def retry(path, attempts):
    # Reloading after a failure is the error path.
    for _ in range(attempts):
        try:
            return torch.load(path)
        except OSError:
            raise
