# The fixed variants of service.py, one per finding (--fix=NAME).
import faiss
import numpy as np
import torch

K = 10
BATCH = 256


def embed_corpus(encoder, docs: torch.Tensor):
    with torch.no_grad():
        return torch.cat([encoder(docs[i:i + BATCH])
                          for i in range(0, docs.shape[0], BATCH)]).numpy()


def build_index(embeddings: np.ndarray):
    index = faiss.IndexFlatIP(embeddings.shape[1])
    index.add(embeddings)
    return index


def answer(index: faiss.IndexFlatIP, queries: np.ndarray, stop_path,
           batch_search, stop_set):
    with open(stop_path) as f:
        stop_ids = [int(line) for line in f]
    if stop_set:
        stop_ids = set(stop_ids)
    if batch_search:
        _, all_ids = index.search(queries, K)
    else:
        all_ids = [index.search(q.reshape(1, -1), K)[1][0] for q in queries]
    # The same filter as service.answer, so that each fix changes one thing:
    # a shared helper would hide the list's type from hotpath's rule there.
    results = []
    for ids in all_ids:
        kept = []
        for doc in ids:
            if int(doc) in stop_ids:
                continue
            kept.append(int(doc))
        results.append(kept)
    return results


def write_report(results):
    parts = []
    for n, kept in enumerate(results):
        line = "%d: %s\n" % (n, " ".join(str(d) for d in kept))
        parts.append(line)
    return "".join(parts)
