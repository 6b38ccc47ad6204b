# Python fixture of caching-loop-invariant-transfer (docs/rules/caching-loop-invariant-transfer.md).
import torch
import torch.nn as nn


def add_bias(loader, model: nn.Module, device):
    bias = torch.zeros(10)
    outs = []
    for x in loader:
        outs.append(model(x.to(device)) + bias.to(device))
        # CHECK-MESSAGES: :[[@LINE-1]]:43: warning: device transfer 'bias.to(device)' copies the same tensor on every iteration of the for loop at line 9; hoist it [caching-loop-invariant-transfer]
    return outs


class Normalizer:
    def __init__(self):
        self.mean = torch.tensor([0.485, 0.456, 0.406])

    def run(self, frames):
        for f in frames:
            yield (f - self.mean.cuda()) * 2
            # CHECK-MESSAGES: :[[@LINE-1]]:24: warning: device transfer 'self.mean.cuda()' copies the same tensor on every iteration of the for loop at line 20; hoist it [caching-loop-invariant-transfer]


# --- Not flagged ------------------------------------------------------------


def per_item(xs: torch.Tensor, device):
    # The loop's own element: a different tensor each time (moved once per
    # item, the other rule's finding).
    for x in xs:
        x.to(device)
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: device transfer 'x.to(device)' moves one item per iteration of the for loop at line 31 (one item of the loop); transfer the batch once [batching-per-item-transfer]


def rebound(device, steps):
    # Rebound per iteration: a new tensor each time.
    w = torch.zeros(3)
    for _ in range(steps):
        w = w + 1
        w.to(device)


def changed_in_place(device, steps):
    # Changed in place by the loop: the copy differs each time.
    w = torch.zeros(3)
    for _ in range(steps):
        w.add_(1)
        w.to(device)


def fresh_tensor(device, steps):
    # A call makes a new tensor on each iteration.
    for _ in range(steps):
        torch.randn(3).to(device)


def copy_owned(device, steps):
    # The copy is the iteration's own: it is changed after the transfer.
    w = torch.zeros(3)
    for _ in range(steps):
        buf = w.to(device)
        buf.mul_(2)


def unknown_kind(device, steps, w):
    # `w` may be a model (its .to() moves parameters once, in place).
    for _ in range(steps):
        w.to(device)


def one_per_element(device):
    # A comprehension's copies are distinct elements of its result.
    w = torch.zeros(3)
    return [w.to(device) for _ in range(4)]


class Rebinder:
    def __init__(self):
        self.w = torch.zeros(2)

    def run(self, device, steps):
        # An attribute rebound in the loop.
        for _ in range(steps):
            self.w = torch.ones(2)
            self.w.to(device)
