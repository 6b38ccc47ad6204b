# Python fixture of batching-per-item-transfer (docs/rules/batching-per-item-transfer.md).
import torch
import torch.nn as nn
from torch.utils.data import DataLoader


def move_rows(x: torch.Tensor, device):
    out = []
    for row in x:
        out.append(row.to(device))
        # CHECK-MESSAGES: :[[@LINE-1]]:20: warning: device transfer 'row.to(device)' moves one item per iteration of the for loop at line 9 (one item of the loop); transfer the batch once [batching-per-item-transfer]
    return out


def move_indexed(samples):
    return [samples[i].unsqueeze(0).cuda() for i in range(len(samples))]
    # CHECK-MESSAGES: :[[@LINE-1]]:13: warning: device transfer 'samples[i].unsqueeze(0).cuda()' moves one item per iteration of the list comprehension at line 16 (unsqueeze(0)); transfer the batch once [batching-per-item-transfer]


class Scorer:
    def __init__(self):
        self.device = torch.device("cuda")

    def score(self, xs):
        total = []
        for i in range(xs.shape[0]):
            total.append(xs[i:i + 1].to(self.device))
            # CHECK-MESSAGES: :[[@LINE-1]]:26: warning: device transfer 'xs[i:i + 1].to(self.device)' moves one item per iteration of the for loop at line 26 (a one-row slice); transfer the batch once [batching-per-item-transfer]
        return total


def to_string_device(items):
    for v in items:
        t = torch.tensor([v])
        t.to("cuda:0")
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: device transfer 't.to("cuda:0")' moves one item per iteration of the for loop at line 33 (a one-item list); transfer the batch once [batching-per-item-transfer]


# --- Not flagged ------------------------------------------------------------


def batches(dataset, device):
    # A DataLoader yields batches: one transfer per batch is the fix.
    for x, y in DataLoader(dataset, batch_size=64, pin_memory=True):
        x.to(device)


def chunks(x: torch.Tensor, device, bs=256):
    # Chunks of many rows.
    for i in range(0, x.shape[0], bs):
        x[i:i + bs].to(device)


def dtype_conversion(x: torch.Tensor):
    # `.to(torch.float16)` converts the type, on the tensor's own device.
    for row in x:
        row.to(torch.float16)


def to_the_host(x: torch.Tensor):
    # A move to the CPU is a host sync, not an upload.
    for row in x:
        row.to("cpu")


def follows_another_tensor(x: torch.Tensor, ref: torch.Tensor):
    # `.to(ref)` follows a tensor whose place the code does not show.
    for row in x:
        row.to(ref)


def list_elements(tensors, device):
    # An element of a list of tensors may be a whole batch.
    for t in tensors:
        t.to(device)


def unknown_iterable(dataset, device):
    # What a Dataset yields is not known here.
    for sample in dataset:
        sample.to(device)


def model_to_device(models, device):
    # A model's .to() moves its parameters once, in place.
    for i in range(3):
        net = nn.Linear(4, 4)
        net.to(device)


def on_error_path(x: torch.Tensor, device):
    for row in x:
        try:
            pass
        except RuntimeError:
            # Only when a row fails.
            row.to(device)
