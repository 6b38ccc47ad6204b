# Python fixture of code-level-dataloader-workers (docs/rules/code-level-dataloader-workers.md).
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset


def train(dataset, model: nn.Module, opt, epochs):
    loader = DataLoader(dataset, batch_size=64, shuffle=True)
    for epoch in range(epochs):
        for x, y in loader:
            # CHECK-MESSAGES: :[[@LINE-1]]:21: warning: the DataLoader at line 8 loads every batch of the training for loop at line 10 in the training process (num_workers is 0): each step waits while the next batch is read and collated [code-level-dataloader-workers]
            loss = model(x).sum()
            loss.backward()
            opt.step()


def train_zero(dataset, model: nn.Module, opt):
    for step, (x, y) in enumerate(DataLoader(dataset, batch_size=8, num_workers=0)):
        # CHECK-MESSAGES: :[[@LINE-1]]:25: warning: the DataLoader at line 18 loads every batch of the training for loop at line 18 in the training process (num_workers is 0): each step waits while the next batch is read and collated [code-level-dataloader-workers]
        model(x).sum().backward()


# --- Not flagged ------------------------------------------------------------


def with_workers(dataset, model: nn.Module, opt, n):
    # Workers set (a name may be any number).
    for x, y in DataLoader(dataset, batch_size=64, num_workers=n):
        model(x).sum().backward()


def in_memory(x_all, y_all, model: nn.Module, opt):
    # Tensors in memory: a batch is an index operation.
    ds = TensorDataset(x_all, y_all)
    for x, y in DataLoader(ds, batch_size=64):
        model(x).sum().backward()


def evaluation(dataset, model: nn.Module):
    # No training step: loading may overlap nothing worth the workers.
    with torch.no_grad():
        for x, y in DataLoader(dataset, batch_size=64):
            model(x)


def loader_from_elsewhere(loader, model: nn.Module):
    # Built elsewhere: its options are not seen.
    for x, y in loader:
        model(x).sum().backward()
