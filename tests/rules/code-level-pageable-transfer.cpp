// Fixture for code-level-pageable-transfer (docs/rules/code-level-pageable-transfer.md).
#include <torch/torch.h>
#include <vector>

void upload(const torch::Tensor &x, int64_t bs,
            std::vector<torch::Tensor> &out) {
  for (int64_t b = 0; b < x.size(0); b += bs)
    out.push_back(x.slice(0, b, b + bs).to(torch::kCUDA));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'x.slice(0, b, b + bs).to(torch::kCUDA)' copies pageable host memory to the GPU on every iteration of the for loop at line 7; pin the source and copy with non_blocking [code-level-pageable-transfer]
}

void uploadDevice(const torch::Tensor &x, int64_t bs,
                  std::vector<torch::Tensor> &out) {
  torch::Device gpu(torch::kCUDA);
  for (int64_t b = 0; b < x.size(0); b += bs) {
    torch::Tensor h = x.narrow(0, b, bs);
    out.push_back(h.to(gpu));
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'h.to(gpu)' copies pageable host memory to the GPU [code-level-pageable-transfer]
  }
}

// One root cause, one finding: a per-item transfer is batching's finding
// (transfer the batch once); the pinning advice is not repeated on it.
void perItem(const std::vector<torch::Tensor> &items,
             std::vector<torch::Tensor> &out) {
  for (const torch::Tensor &t : items)
    out.push_back(t.cuda());
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: device transfer 't.cuda()' moves one item per iteration [batching-per-item-transfer]
}

// Not flagged: pinned, and copied without blocking.
void pinned(const torch::Tensor &x, int64_t bs,
            std::vector<torch::Tensor> &out) {
  for (int64_t b = 0; b < x.size(0); b += bs) {
    torch::Tensor p = x.slice(0, b, b + bs).pin_memory();
    out.push_back(p.to(torch::kCUDA));
  }
}

// Not flagged: non_blocking requested.
void async(const torch::Tensor &x, int64_t bs,
           std::vector<torch::Tensor> &out) {
  for (int64_t b = 0; b < x.size(0); b += bs)
    out.push_back(x.slice(0, b, b + bs)
                      .to(torch::kCUDA, torch::kFloat, /*non_blocking=*/true));
}

// Not flagged: device to host.
void download(const torch::Tensor &x, int64_t bs,
              std::vector<torch::Tensor> &out) {
  for (int64_t b = 0; b < x.size(0); b += bs)
    out.push_back(x.slice(0, b, b + bs).cpu());
}

// Not flagged: once, outside a loop.
torch::Tensor once(const torch::Tensor &t) { return t.cuda(); }
