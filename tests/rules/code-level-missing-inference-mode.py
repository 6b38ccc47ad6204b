# Python fixture of code-level-missing-inference-mode (docs/rules/code-level-missing-inference-mode.md).
import sys

import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 2)

    def forward(self, x):
        return self.fc(x)


def predict(model: nn.Module, x):
    return model(x)
    # CHECK-MESSAGES: :[[@LINE-1]]:12: warning: model call 'model(x)' runs with autograd on: no torch.no_grad() or torch.inference_mode() is in scope on the path from the __main__ block at line 56 [code-level-missing-inference-mode]


def serve(path):
    model = Net().eval()
    for line in open(path):
        predict(model, torch.zeros(1, 8))


@torch.no_grad()
def guarded(model: nn.Module, x):
    # The decorator turns autograd off.
    return model(x)


def under_with(model: nn.Module, x):
    with torch.inference_mode():
        return model(x)


def train(model: nn.Module, opt, x):
    # Training needs autograd.
    loss = model(x).sum()
    loss.backward()
    opt.step()


def covered(model: nn.Module, x):
    # Reached only from under a guard.
    return model(x)


def never_called(model: nn.Module, x):
    # No path from the main block.
    return model(x)


if __name__ == "__main__":
    net = Net()
    serve(sys.argv[1])
    guarded(net, torch.zeros(1, 8))
    under_with(net, torch.zeros(1, 8))
    train(net, None, torch.zeros(1, 8))
    with torch.no_grad():
        covered(net, torch.zeros(1, 8))
    net(torch.zeros(1, 8))
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: model call 'net(torch.zeros(1, 8))' runs with autograd on: no torch.no_grad() or torch.inference_mode() is in scope on the path from the __main__ block at line 56 [code-level-missing-inference-mode]
