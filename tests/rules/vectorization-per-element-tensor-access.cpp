// Fixture for vectorization-per-element-tensor-access (docs/rules/vectorization-per-element-tensor-access.md).
#include <torch/torch.h>
#include <vector>

float total(const torch::Tensor &scores) {
  float sum = 0;
  for (int64_t i = 0; i < scores.size(0); ++i)
    sum += scores[i].item<float>();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'scores[i].item<float>()' reads one tensor element per iteration of the for loop at line 7; use a tensor operation over the whole loop [vectorization-per-element-tensor-access]
  return sum;
}

void scale(torch::Tensor &m, const torch::Tensor &f) {
  for (int64_t i = 0; i < m.size(0); ++i)
    for (int64_t j = 0; j < m.size(1); ++j)
      m[i][j].add_(f[i][j]);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'm[i][j]' reads one tensor element per iteration of the for loop at line 15 [vectorization-per-element-tensor-access]
  // Not flagged: f[i][j], the loops walk m's dimensions, not f's (a row?).
}

int64_t argmaxByHand(const torch::Tensor &t) {
  int64_t best = 0;
  float bestValue = -1e30f;
  for (int64_t i = 0; i < t.size(0); ++i) {
    float v = t.index({i}).item<float>();
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 't.index({i}).item<float>()' reads one tensor element per iteration of the for loop at line 24 [vectorization-per-element-tensor-access]
    if (v > bestValue) {
      bestValue = v;
      best = i;
    }
  }
  return best;
}

float diagonal(const torch::Tensor &t) {
  float s = 0;
  for (int64_t i = 0; i < t.size(0); ++i)
    s += t.select(0, i).select(0, i).item<float>();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: reads one tensor element per iteration of the for loop at line 37 [vectorization-per-element-tensor-access]
  return s;
}

// Not flagged: an accessor reads CPU elements without dispatching.
float withAccessor(const torch::Tensor &t) {
  auto a = t.accessor<float, 2>();
  float s = 0;
  for (int64_t i = 0; i < t.size(0); ++i)
    for (int64_t j = 0; j < t.size(1); ++j)
      s += a[i][j];
  return s;
}

// Not flagged: one scalar per step of a training loop (a reduction's
// result, not an element the loop walks).
float losses(const std::vector<torch::Tensor> &batches) {
  float s = 0;
  for (const torch::Tensor &b : batches)
    s += b.sum().item<float>();
  return s;
}

// Not flagged: a row per iteration (that is batching's business, if a model
// is called on it), not a single element.
std::vector<torch::Tensor> rows(const torch::Tensor &t) {
  std::vector<torch::Tensor> out;
  for (int64_t i = 0; i < t.size(0); ++i)
    out.push_back(t[i]);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'out' grows by one element per iteration of the for loop at line 66, whose trip count is known; reserve it before the loop [micro-vector-reserve]
  return out;
}

// Not flagged: outside a loop.
float first(const torch::Tensor &t) { return t[0][0].item<float>(); }

// Not flagged: the same element in every iteration (loop-invariant).
float repeated(const torch::Tensor &t, int n) {
  float s = 0;
  for (int k = 0; k < n; ++k)
    s += t[0].item<float>();
  return s;
}

// Not flagged: `out[b][g]` indexes a 5-D tensor by batch and weight group
// (torchvision's deform_conv2d): each iteration multiplies whole matrices.
// The loops do not walk the tensor's own dimensions, so nothing says the
// access is one element.
void perGroup(torch::Tensor &out, const torch::Tensor &w, int64_t batches,
              int64_t groups) {
  for (int64_t b = 0; b < batches; ++b)
    for (int64_t g = 0; g < groups; ++g)
      out[b][g].add_(w[g]);
}

// Not flagged: a[i][j] and b[i][j] are the operands of a matrix product
// (PyTorch's own _batchmatmul test helper): whole matrices, although the
// loops walk the tensors' first two dimensions.
torch::Tensor batchMatmul(const torch::Tensor &a, const torch::Tensor &b,
                          torch::Tensor &out) {
  for (int64_t i = 0; i < a.size(0); ++i)
    for (int64_t j = 0; j < a.size(1); ++j)
      out[i][j] = torch::matmul(a[i][j], b[i][j]);
  return out;
}

// A scalar assigned to an element per iteration is a write of one element.
void maskDiagonal(torch::Tensor &m) {
  for (int64_t i = 0; i < m.size(0); ++i)
    for (int64_t j = 0; j < m.size(1); ++j)
      m[i][j] = 0.0;
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'm[i][j]' writes one tensor element per iteration of the for loop at line 108 [vectorization-per-element-tensor-access]
}
