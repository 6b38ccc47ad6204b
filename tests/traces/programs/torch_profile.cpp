// Writes a legacy Chrome trace with libtorch's RecordProfile (Debian's
// libtorch 1.13 has no Kineto): a small MLP scored one row at a time.
#include <torch/csrc/autograd/profiler_legacy.h>
#include <torch/torch.h>

int main() {
  torch::manual_seed(0);
  torch::nn::Sequential mlp(torch::nn::Linear(16, 32), torch::nn::ReLU(),
                            torch::nn::Linear(32, 4));
  torch::Tensor x = torch::randn({8, 16});
  torch::NoGradGuard noGrad;
  {
    torch::autograd::profiler::RecordProfile guard("torch_legacy.json");
    for (int64_t i = 0; i < x.size(0); ++i)
      mlp->forward(x[i].unsqueeze(0));
  }
  return 0;
}
