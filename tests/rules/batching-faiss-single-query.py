# Python fixture of batching-faiss-single-query.
import faiss
import numpy as np


def search_each(xb, xq):
    index = faiss.IndexFlatL2(xb.shape[1])
    index.add(xb)
    hits = []
    for q in xq:
        D, I = index.search(q.reshape(1, -1), 10)
        # CHECK-MESSAGES: :[[@LINE-1]]:16: warning: faiss 'search' is called with a single vector (reshape(1, …)) in the for loop at line 10; batch the calls [batching-faiss-single-query]
        hits.append(I)
    for i in range(len(xq)):
        index.search(xq[i:i+1], 10)
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: faiss 'search' is called with a single vector (a one-row slice) in the for loop at line 14; batch the calls [batching-faiss-single-query]
    return hits


def add_each(vectors):
    index = faiss.read_index("idx.faiss")
    for v in vectors:
        index.add(np.array([v], dtype="float32"))
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: faiss 'add' is called with a single vector (a one-item list) in the for loop at line 22; batch the calls [batching-faiss-single-query]


# The speedup is the calibrated one of the class the code shows
# (RuleFixtureTest's PyCalibratedSpeedups): IndexFlat above, IndexIVF here,
# none where the bindings disagree or the class is not shown (read_index).
def search_ivf(index: faiss.IndexIVFFlat, xq):
    for q in xq:
        index.search(q.reshape(1, -1), 5)
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: faiss 'search' is called with a single vector (reshape(1, …)) in the for loop at line 31; batch the calls [batching-faiss-single-query]


def search_either(xb, xq, ivf):
    index = faiss.IndexFlatL2(xb.shape[1])
    if ivf:
        index = faiss.IndexIVFFlat(index, xb.shape[1], 64)
    for q in xq:
        index.search(q.reshape(1, -1), 5)
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: faiss 'search' is called with a single vector (reshape(1, …)) in the for loop at line 40; batch the calls [batching-faiss-single-query]


# --- Not flagged ------------------------------------------------------------


def chunked(index: faiss.Index, xq, bs=1024):
    # Chunks of many queries.
    for i in range(0, len(xq), bs):
        index.search(xq[i:i + bs], 10)


def whole(index: faiss.Index, xq):
    # One call with every query.
    return index.search(xq, 10)


def not_an_index(searcher, xq):
    # `searcher` is not known to be a FAISS index.
    for q in xq:
        searcher.search(q.reshape(1, -1), 10)
