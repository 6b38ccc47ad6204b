"""A small PyTorch program for generating torch.profiler's export_stacks
output (folded stacks of Python frames, `file.py(FIRST_LINE):_name`) with
Debian's torch 1.13, whose profiler has no Kineto (generate.sh)."""
import sys

import torch
import torch.nn as nn
from torch.autograd import profiler


def embed(model, rows):
    out = []
    with torch.no_grad():
        for i in range(rows.shape[0]):
            out.append(model(rows[i].unsqueeze(0)))
    return torch.cat(out)


def main(path):
    torch.manual_seed(0)
    torch.set_num_threads(1)
    model = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 4))
    model.eval()
    rows = torch.randn(50, 16)
    with profiler.profile(with_stack=True) as prof:
        embed(model, rows)
    prof.export_stacks(path, "self_cpu_time_total")


if __name__ == "__main__":
    main(sys.argv[1])
