# An integration program for the Python frontend (docs/python.md): it runs
# with Debian's python3-torch and python3-faiss (tests/integration/
# python_integration.py runs it, then checks hotpath's findings on it against
# the CHECK-MESSAGES lines below: exactly these, nothing else).
import sys

import faiss
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset


class Encoder(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        return nn.functional.normalize(self.proj(x), dim=-1)


def embed_one_by_one(encoder: Encoder, docs: torch.Tensor):
    out = []
    with torch.no_grad():
        for i in range(docs.shape[0]):
            out.append(encoder(docs[i].unsqueeze(0)))
            # CHECK-MESSAGES: :[[@LINE-1]]:24: warning: model call 'encoder(docs[i].unsqueeze(0))' runs once per item of the for loop at line 26 (unsqueeze(0)); batch the items [batching-per-item-inference]
    return torch.cat(out)


def embed_batched(encoder: Encoder, docs: torch.Tensor, bs=64):
    with torch.no_grad():
        return torch.cat([encoder(docs[i:i + bs])
                          for i in range(0, docs.shape[0], bs)])


def search_each(index: faiss.IndexFlatIP, queries: np.ndarray, k):
    hits = []
    for q in queries:
        _, ids = index.search(q.reshape(1, -1), k)
        # CHECK-MESSAGES: :[[@LINE-1]]:18: warning: faiss 'search' is called with a single vector (reshape(1, …)) in the for loop at line 40; batch the calls [batching-faiss-single-query]
        hits.append(ids[0])
    return hits


def report(hits, blocked):
    text = ""
    for row in hits:
        for doc in row:
            if int(doc) in blocked:
                # CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'in' scans the list 'blocked' on every iteration of the for loop at line 50: a linear search per item [algorithmic-linear-search-in-loop]
                continue
            text += str(int(doc)) + " "
            # CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'text += str(int(doc)) + " "' copies the whole string 'text' on every iteration of the for loop at line 50: quadratic in the string's length; collect the parts [algorithmic-quadratic-string-build]
    return text


def fine_tune(encoder: Encoder, docs: torch.Tensor, steps):
    opt = torch.optim.SGD(encoder.parameters(), lr=0.01)
    loader = DataLoader(TensorDataset(docs), batch_size=32)
    for _ in range(steps):
        for (x,) in loader:
            loss = encoder(x).pow(2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()


def drain(pending):
    queue = list(pending)
    done = []
    while queue:
        done.append(queue.pop(0))
        # CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'queue.pop(0)' removes the first element of the list 'queue' on every iteration of the while loop at line 73: each call moves every other element [data-structures-list-as-queue]
    return done


def main():
    torch.manual_seed(0)
    dim = 16
    encoder = Encoder(dim).eval()
    docs = torch.randn(256, dim)
    fine_tune(encoder, docs, 1)
    vectors = embed_one_by_one(encoder, docs)
    assert torch.allclose(vectors, embed_batched(encoder, docs), atol=1e-5)
    index = faiss.IndexFlatIP(dim)
    index.add(vectors.numpy())
    queries = vectors[:8].numpy()
    hits = search_each(index, queries, 4)
    assert [int(h[0]) for h in hits] == list(range(8))
    text = report(hits, blocked=[3])
    drain(range(5))
    print("search_pipeline: ok,", len(text.split()), "hits")


if __name__ == "__main__":
    main()
