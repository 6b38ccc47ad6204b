// Fixture for caching-allocation-in-loop (docs/rules/caching-allocation-in-loop.md).
#include <torch/torch.h>
#include <vector>

float scratch(const std::vector<torch::Tensor> &xs, int64_t n) {
  float s = 0;
  for (const torch::Tensor &x : xs) {
    torch::Tensor buf = torch::zeros({n, n});
    // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'torch::zeros({n, n})' allocates a new tensor 'buf' of the same shape on every iteration of the range-for loop at line 7; allocate it once [caching-allocation-in-loop]
    buf.add_(x);
    s += buf.sum().item<float>();
  }
  return s;
}

void noise(torch::Tensor &state, int steps, torch::TensorOptions opts) {
  for (int k = 0; k < steps; ++k)
    for (int j = 0; j < 4; ++j) {
      torch::Tensor eps = torch::randn({128}, opts);
      // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: allocates a new tensor 'eps' of the same shape on every iteration of the for loop at line 17 [caching-allocation-in-loop]
      state.add_(eps);
    }
}

// Not flagged: the shape changes with the item.
void perSize(const std::vector<int64_t> &sizes, std::vector<float> &out) {
  for (int64_t n : sizes) {
    torch::Tensor t = torch::ones({n});
    out.push_back(t.sum().item<float>());
  }
}

// Not flagged: the tensor escapes the iteration (kept in a container).
std::vector<torch::Tensor> keep(int steps) {
  std::vector<torch::Tensor> out;
  for (int k = 0; k < steps; ++k) {
    torch::Tensor t = torch::empty({16});
    out.push_back(t);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'out' grows by one element per iteration of the for loop at line 36, whose trip count is known; reserve it before the loop [micro-vector-reserve]
  }
  return out;
}

// Not flagged: assigned to a variable outside the loop.
torch::Tensor lastOne(int steps) {
  torch::Tensor last;
  for (int k = 0; k < steps; ++k) {
    torch::Tensor t = torch::full({8}, 1.0f);
    last = t;
  }
  return last;
}

// Not flagged: allocated once before the loop and reset in place.
float reused(const std::vector<torch::Tensor> &xs, int64_t n) {
  torch::Tensor buf = torch::zeros({n});
  float s = 0;
  for (const torch::Tensor &x : xs) {
    buf.zero_();
    buf.add_(x);
    s += buf.sum().item<float>();
  }
  return s;
}
