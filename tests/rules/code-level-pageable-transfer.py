# Python fixture of code-level-pageable-transfer (docs/rules/code-level-pageable-transfer.md).
import torch
import torch.nn as nn
from torch.utils.data import DataLoader


def train(dataset, model: nn.Module, device):
    loader = DataLoader(dataset, batch_size=64, shuffle=True)
    for x, y in loader:
        model(x.to(device))
        # CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'x.to(device)' copies pageable host memory to the GPU on every iteration of the for loop at line 9 (the DataLoader at line 8 has no pin_memory=True) [code-level-pageable-transfer]


def evaluate(dataset, model: nn.Module):
    for step, batch in enumerate(DataLoader(dataset, batch_size=64, pin_memory=False)):
        model(batch.cuda())
        # CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'batch.cuda()' copies pageable host memory to the GPU on every iteration of the for loop at line 15 (the DataLoader at line 15 has no pin_memory=True) [code-level-pageable-transfer]


# --- Not flagged ------------------------------------------------------------


def pinned(dataset, model: nn.Module, device):
    # Pinned batches.
    for x, y in DataLoader(dataset, batch_size=64, pin_memory=True):
        model(x.to(device, non_blocking=True))


def configured(dataset, model: nn.Module, device, pin):
    # pin_memory from the configuration may be on.
    for x, y in DataLoader(dataset, batch_size=64, pin_memory=pin):
        model(x.to(device))


def loader_from_elsewhere(loader, model: nn.Module, device):
    # A loader built elsewhere: its options are not seen.
    for x, y in loader:
        model(x.to(device))


def not_a_batch(dataset, model: nn.Module, device, w):
    # `w` is not the batch.
    for x, y in DataLoader(dataset, batch_size=64):
        model(x.to(device, non_blocking=True), w.to(device))
