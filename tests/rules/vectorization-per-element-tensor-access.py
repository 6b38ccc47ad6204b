# Python fixture of vectorization-per-element-tensor-access (docs/rules/vectorization-per-element-tensor-access.md).
import torch


def count_positive(scores: torch.Tensor):
    n = 0
    for i in range(scores.shape[0]):
        if scores[i].item() > 0:
            # CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'scores[i].item()' reads one tensor element per iteration of the for loop at line 7; use a tensor operation over the whole loop [vectorization-per-element-tensor-access]
            n += 1
    return n


def total(values: torch.Tensor):
    s = 0.0
    for v in values:
        s += float(v)
        # CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'float(v)' reads one tensor element per iteration of the for loop at line 16; use a tensor operation over the whole loop [vectorization-per-element-tensor-access]
    return s


def grid(m: torch.Tensor, h, w):
    cells = []
    for i in range(h):
        for j in range(w):
            cells.append(m[i, j].item())
            # CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'm[i, j].item()' reads one tensor element per iteration of the for loop at line 25; use a tensor operation over the whole loop [vectorization-per-element-tensor-access]
    return cells


# --- Not flagged ------------------------------------------------------------


def a_list(xs, n):
    # `xs` is not known to be a tensor.
    return sum(xs[i].item() for i in range(n))


def a_row_slice(m: torch.Tensor):
    # A slice of rows is not an element.
    for i in range(0, m.shape[0], 8):
        m[i:i + 8].sum().item()


def once(m: torch.Tensor):
    # Not in a loop.
    return m[0].item()


def on_error_path(m: torch.Tensor):
    for i in range(m.shape[0]):
        try:
            pass
        except ValueError:
            m[i].item()
