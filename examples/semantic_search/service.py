# semantic_search: a small semantic-search service in Python, written the
# slow way. It embeds a corpus with a PyTorch encoder, indexes the embeddings
# with FAISS, answers queries while skipping the ids of a stop list, and
# writes a report. Each stage has a performance anti-pattern that hotpath
# finds (`hotpath analyze examples/semantic_search/service.py`); the fixed
# variants in fixed.py are selected one at a time with --fix=NAME.
#
# Run it with Debian's /usr/bin/python3, which has torch and faiss.
#
# Usage: service.py [DOCS [QUERIES]] [--fix=embed,add,search,stoplist,report]
import os
import sys

import faiss
import numpy as np
import torch
import torch.nn as nn

import fixed

K = 10


class Encoder(nn.Module):
    def __init__(self, dim_in, hidden, dim_out):
        super().__init__()
        self.fc1 = nn.Linear(dim_in, hidden)
        self.fc2 = nn.Linear(hidden, dim_out)

    def forward(self, x):
        return nn.functional.normalize(self.fc2(torch.relu(self.fc1(x))),
                                       dim=-1)


def embed_corpus(encoder: Encoder, docs: torch.Tensor):
    """Embeds the corpus one document at a time."""
    rows = []
    with torch.no_grad():
        for i in range(docs.shape[0]):
            rows.append(encoder(docs[i].unsqueeze(0)))
    return torch.cat(rows).numpy()


def build_index(embeddings: np.ndarray):
    """Adds the embeddings to the index one vector at a time."""
    index = faiss.IndexFlatIP(embeddings.shape[1])
    for row in embeddings:
        index.add(row.reshape(1, -1))
    return index


def answer(index: faiss.IndexFlatIP, queries: np.ndarray, stop_path):
    """Answers each query with its own search; skips the stop list's ids."""
    with open(stop_path) as f:
        stop_ids = [int(line) for line in f]
    results = []
    for q in queries:
        _, ids = index.search(q.reshape(1, -1), K)
        kept = []
        for doc in ids[0]:
            if int(doc) in stop_ids:
                continue
            kept.append(int(doc))
        results.append(kept)
    return results


def write_report(results):
    """One line per query: its number and the ids it found."""
    text = ""
    for n, kept in enumerate(results):
        line = "%d: %s\n" % (n, " ".join(str(d) for d in kept))
        text += line
    return text


def main(argv):
    sizes = [int(a) for a in argv if not a.startswith("--fix=")]
    fixes = set()
    for a in argv:
        if a.startswith("--fix="):
            fixes.update(a[len("--fix="):].split(","))
    num_docs = sizes[0] if len(sizes) > 0 else 20000
    num_queries = sizes[1] if len(sizes) > 1 else 4000
    torch.manual_seed(0)
    torch.set_num_threads(1)
    faiss.omp_set_num_threads(1)
    stop_path = "semantic_search_stop_ids.txt"
    with open(stop_path, "w") as f:
        f.write("".join("%d\n" % (i * 7) for i in range(1000)))

    encoder = Encoder(64, 128, 32)
    encoder.eval()
    docs = torch.randn(num_docs, 64)
    query_inputs = torch.randn(num_queries, 64)
    embed = fixed.embed_corpus if "embed" in fixes else embed_corpus
    embeddings = embed(encoder, docs)
    build = fixed.build_index if "add" in fixes else build_index
    index = build(embeddings)
    queries = embed(encoder, query_inputs)
    if "search" in fixes or "stoplist" in fixes:
        results = fixed.answer(index, queries, stop_path,
                               batch_search="search" in fixes,
                               stop_set="stoplist" in fixes)
    else:
        results = answer(index, queries, stop_path)
    report = fixed.write_report if "report" in fixes else write_report
    text = report(results)
    with open("semantic_search_report.txt", "w") as f:
        f.write(text)
    print("indexed %d documents, answered %d queries, %d report bytes" %
          (index.ntotal, len(results), len(text)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
