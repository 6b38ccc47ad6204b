# Python fixture of vectorization-per-item-tensor-build (docs/rules/vectorization-per-item-tensor-build.md).
import numpy as np
import torch


def rows_to_tensor(rows):
    parts = []
    for row in rows:
        parts.append(torch.tensor(row))
        # CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'torch.tensor(row)' makes one tensor per item of the for loop at line 8, joined by 'torch.stack' at line 11; build one tensor from all the items [vectorization-per-item-tensor-build]
    return torch.stack(parts)


def arrays_to_tensor(arrays):
    return torch.cat([torch.from_numpy(a) for a in arrays])
    # CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'torch.from_numpy(a)' makes one tensor per item of the list comprehension at line 15, joined by 'torch.cat' at line 15; build one tensor from all the items [vectorization-per-item-tensor-build]


# --- Not flagged ------------------------------------------------------------


def kept_apart(rows):
    # The tensors are used one by one, never joined.
    out = []
    for row in rows:
        out.append(torch.tensor(row))
    return out


def not_from_the_item(rows, n):
    # Made from something else than the item.
    parts = []
    for row in rows:
        parts.append(torch.tensor(n))
    return torch.stack(parts)


def one_conversion(rows):
    # Already one conversion of the whole list.
    return torch.tensor(np.array(rows))


def per_batch(loader):
    # A DataLoader's batches: one tensor per batch is the unit.
    from torch.utils.data import DataLoader
    parts = []
    for batch in DataLoader(loader, batch_size=8):
        parts.append(torch.as_tensor(batch))
    return torch.cat(parts)
