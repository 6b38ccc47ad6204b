// For cli_test.sh: a per-item model call and transfer, analysed with a torch
// profiler trace that names aten operators only (operator evidence).
#include <torch/torch.h>

struct NetImpl : torch::nn::Module {
  torch::Tensor forward(const torch::Tensor &x);
};
using Net = torch::nn::ModuleHolder<NetImpl>;

void score(Net &net, const torch::Tensor &xs, c10::Device device) {
  for (int64_t i = 0; i < xs.size(0); ++i)
    net->forward(xs[i].unsqueeze(0).to(device));
}
