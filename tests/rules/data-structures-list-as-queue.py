# Python fixture of data-structures-list-as-queue (docs/rules/data-structures-list-as-queue.md).
from collections import deque


def bfs(graph, start):
    queue = [start]
    seen = {start}
    while queue:
        node = queue.pop(0)
        # CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'queue.pop(0)' removes the first element of the list 'queue' on every iteration of the while loop at line 8: each call moves every other element [data-structures-list-as-queue]
        for nxt in graph[node]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def newest_first(events):
    out = []
    for e in events:
        out.insert(0, e)
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'out.insert(0, e)' inserts at the front of the list 'out' on every iteration of the for loop at line 20: each call moves every other element [data-structures-list-as-queue]
    return out


def drain(items):
    work = list(items)
    while work:
        del work[0]
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'del work[0]' removes the first element of the list 'work' on every iteration of the while loop at line 28: each call moves every other element [data-structures-list-as-queue]


# --- Not flagged ------------------------------------------------------------


def from_the_end(stack):
    # pop() at the end is O(1).
    stack = []
    while stack:
        stack.pop()


def a_deque(start):
    # A deque's popleft is O(1), and its pop(0) does not exist.
    queue = deque([start])
    while queue:
        queue.popleft()


def a_dict(d: dict, keys):
    # dict.pop(0) removes the key 0.
    d = {}
    for k in keys:
        d.pop(0)


def unknown_kind(q, n):
    # What `q` holds is not known.
    for _ in range(n):
        q.pop(0)


def once(xs):
    # Not in a loop.
    xs = list(xs)
    return xs.pop(0)


def leaves(xs):
    xs = []
    while True:
        # The loop ends after the call.
        xs.pop(0)
        break


def rebuilt_per_iteration(jobs):
    # A new list per iteration loses its first element once.
    for job in jobs:
        cmd = ["numactl", job]
        del cmd[0]
