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


def per_file_handle(files):
    # The file object is opened by the iteration (`with … as f`).
    data = []
    for name in files:
        with open(name, "rb") as f:
            data.append(pickle_load(f))
            data.append(json.load(f))
    return data


def pickle_load(f):
    return f


def owned(basename, xb, step):
    # Each iteration needs its own copy of the index, which it fills.
    indexes = {}
    for i in range(0, len(xb), step):
        index = faiss.read_index(basename)
        index.add(xb[i:i + step])
        indexes[i] = index
    return indexes


def few(path):
    # A loop over three fixed values.
    for mode in ("train", "val", "test"):
        cfg = json.load(open(path))
        print(mode, cfg)


def records(path):
    # Each pickle.load(f) reads the next record of the open file.
    import pickle
    out = []
    with open(path, "rb") as f:
        while True:
            try:
                out.append(pickle.load(f))
            except EOFError:
                break
    return out
