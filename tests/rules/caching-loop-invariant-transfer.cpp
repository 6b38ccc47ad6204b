// Fixture for caching-loop-invariant-transfer (docs/rules/caching-loop-invariant-transfer.md).
#include <torch/torch.h>
#include <vector>

torch::Tensor project(const torch::Tensor &weights,
                      const std::vector<torch::Tensor> &xs) {
  torch::Tensor acc = torch::zeros({1});
  for (const torch::Tensor &x : xs)
    acc.add_(x.matmul(weights.cuda()));
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: device transfer 'weights.cuda()' copies the same tensor on every iteration of the range-for loop at line 8; hoist it [caching-loop-invariant-transfer]
  return acc;
}

void nested(const torch::Tensor &bias, const torch::Tensor &x,
            torch::Device device, std::vector<torch::Tensor> &out) {
  for (int64_t i = 0; i < x.size(0); ++i)
    for (int64_t j = 0; j < x.size(1); ++j)
      out.push_back(x[i][j] + bias.to(device));
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: copies the same tensor on every iteration of the for loop at line 16; hoist it [caching-loop-invariant-transfer]
  // CHECK-MESSAGES: :[[@LINE-2]]:21: warning: 'x[i][j]' reads one tensor element per iteration of the for loop at line 17 [vectorization-per-element-tensor-access]
}

// Not flagged: the tensor changes in the loop (add_ writes it).
void updated(torch::Tensor &state, const std::vector<torch::Tensor> &xs,
             std::vector<torch::Tensor> &out) {
  for (const torch::Tensor &x : xs) {
    state.add_(x);
    out.push_back(state.cuda());
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'state.cuda()' copies pageable host memory to the GPU on every iteration of the range-for loop at line 26; pin the source and copy with non_blocking [code-level-pageable-transfer]
  }
}

// Not flagged: the target device changes per iteration.
void perDevice(const torch::Tensor &w, const std::vector<torch::Device> &devs,
               std::vector<torch::Tensor> &out) {
  for (const torch::Device &d : devs)
    out.push_back(w.to(d));
}

// Not flagged: the transfer is outside the loop.
float hoisted(const torch::Tensor &w, const std::vector<torch::Tensor> &xs) {
  torch::Tensor wd = w.cuda();
  float s = 0;
  for (const torch::Tensor &x : xs)
    s += x.matmul(wd).item<float>();
  return s;
}
