# Python fixture of algorithmic-linear-search-in-loop.


def dedupe(items):
    seen = []
    for x in items:
        if x not in seen:
            # CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'not in' scans the list 'seen' on every iteration of the for loop at line 6: a linear search per item [algorithmic-linear-search-in-loop]
            seen.append(x)
    return seen


def positions(vocab_file, tokens):
    vocab = open(vocab_file).read().split()
    return [vocab.index(t) for t in tokens]
    # CHECK-MESSAGES: :[[@LINE-1]]:13: warning: '.index()' scans the list 'vocab' on every iteration of the list comprehension at line 15: a linear search per item [algorithmic-linear-search-in-loop]


# --- Not flagged ------------------------------------------------------------


def short_literal(words):
    # A short literal list of constants.
    stop = ["a", "an", "the"]
    return [w for w in words if w not in stop]


def a_set(words, vocab):
    # A set: hashed lookup.
    known = set(vocab)
    return [w for w in words if w in known]


def outside_loop(words, x):
    # Once, not per item.
    return x in list(words)


def unknown(words, table):
    # What `table` holds is not known.
    return [w for w in words if w in table]


def dtypes(targets, torch):
    # A literal of three fixed names, rebuilt per iteration: tiny.
    for t in targets:
        floating = (torch.float, torch.double, torch.half)
        if t.dtype not in floating:
            raise TypeError("not a float")


def groups(world, rank, size):
    # The list is built by each iteration and scanned once.
    for start in range(0, world, size):
        members = list(range(start, start + size))
        if rank in members:
            return start


def first_allowed(names, allowed):
    allow = list(allowed)
    for name in names:
        if name.startswith("_"):
            # This branch leaves the loop: the scan runs at most once.
            if name in allow:
                return name
            raise KeyError(name)
