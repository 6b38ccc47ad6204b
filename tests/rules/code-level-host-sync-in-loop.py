# Python fixture of code-level-host-sync-in-loop (docs/rules/code-level-host-sync-in-loop.md).
import torch
import torch.nn as nn
from torch.utils.data import DataLoader


def train(dataset, model: nn.Module, opt, device):
    loss_fn = nn.CrossEntropyLoss()
    total = 0.0
    for x, y in DataLoader(dataset, batch_size=32, pin_memory=True,
                           num_workers=4):
        out = model(x.to(device))
        loss = loss_fn(out, y.to(device))
        loss.backward()
        opt.step()
        total += loss.item()
        # CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'loss.item()' waits for the device on every iteration of the for loop at line 10 (the tensor comes from the model call 'model(x.to(device))' at line 12) [code-level-host-sync-in-loop]
        # The device is idle after the first copy: not a second finding.
        print(out.argmax(1).sum().item())
    return total


def evaluate(loader, model: nn.Module):
    preds = []
    for x in loader:
        preds.append(model(x.cuda()).argmax(1).cpu().numpy())
        # CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'model(x.cuda()).argmax(1).cpu()' waits for the device on every iteration of the for loop at line 25 (the tensor comes from the model call 'model(x.cuda())' at line 26) [code-level-host-sync-in-loop]
    return preds


# --- Not flagged ------------------------------------------------------------


def on_the_cpu(dataset, model: nn.Module):
    # Nothing is moved to a device: .item() reads host memory.
    total = 0.0
    for x, y in DataLoader(dataset, batch_size=32):
        total += model(x).sum().item()
    return total


def every_hundred_steps(loader, model: nn.Module, device):
    # Logging every N steps: not every iteration.
    for step, x in enumerate(loader):
        loss = model(x.to(device)).mean()
        if step % 100 == 0:
            print(loss.item())


def not_from_the_model(loader, model: nn.Module, device, lr: torch.Tensor):
    # The tensor is not the step's result.
    for x in loader:
        model(x.to(device))
        lr.item()


def after_the_loop(loader, model: nn.Module, device):
    # Once, after the loop.
    total = torch.zeros(1, device=device)
    for x in loader:
        total += model(x.to(device)).sum().detach()
    return total.item()


def early_stop(loader, model: nn.Module, device):
    for x in loader:
        loss = model(x.to(device)).mean()
        # A check that leaves the loop runs once.
        if loss.isnan().any():
            return loss.item()
