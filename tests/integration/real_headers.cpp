// Integration fixture: every rule family on the real libtorch 1.13 and
// FAISS 1.7.3 headers, to prove the mock headers in tests/rules/Inputs do
// not lie. Compiled as part of the build so it is in compile_commands.json.
#include <faiss/IndexFlat.h>
#include <faiss/index_io.h>
#include <torch/script.h>
#include <torch/torch.h>

#include <string>
#include <vector>

namespace it {

struct NetImpl : torch::nn::Module {
  NetImpl() : fc(register_module("fc", torch::nn::Linear(8, 4))) {}
  torch::Tensor forward(const torch::Tensor &x) { return fc(x); }
  torch::nn::Linear fc;
};
TORCH_MODULE(Net);

std::vector<torch::Tensor> perItem(Net &net, torch::nn::Linear &head,
                                   torch::jit::script::Module &scripted,
                                   const torch::Tensor &x) {
  std::vector<torch::Tensor> out;
  for (int64_t i = 0; i < x.size(0); ++i) {
    out.push_back(net->forward(x[i]));
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: model call 'net->forward(x[i])' runs once per item [batching-per-item-inference]
    out.push_back(head(x.select(0, i)));
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: model call 'head(x.select(0, i))' runs once per item [batching-per-item-inference]
    out.push_back(scripted.forward({x[i]}).toTensor());
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: model call 'scripted.forward({x[i]})' runs once per item [batching-per-item-inference]
  }
  return out;
}

// Not flagged: an RNN step consumes the previous hidden state.
torch::Tensor rnn(torch::nn::GRUCell &cell, const torch::Tensor &seq) {
  torch::Tensor h = torch::zeros({1, 4});
  for (int64_t t = 0; t < seq.size(0); ++t)
    h = cell->forward(seq[t].unsqueeze(0), h);
  return h;
}

void faissCalls(faiss::IndexFlatL2 &index, const std::vector<float> &xq,
                int64_t nq, int d, int64_t k) {
  std::vector<float> dist(k);
  std::vector<faiss::Index::idx_t> labels(k);
  for (int64_t i = 0; i < nq; ++i) {
    index.search(1, xq.data() + i * d, k, dist.data(), labels.data());
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: faiss 'search' is called with a single vector (n == 1) [batching-faiss-single-query]
  }
  // Not flagged: one batched search.
  std::vector<float> allDist(nq * k);
  std::vector<faiss::Index::idx_t> allLabels(nq * k);
  index.search(nq, xq.data(), k, allDist.data(), allLabels.data());
}

torch::Tensor transfers(const torch::Tensor &w, const torch::Tensor &x,
                        torch::Device device) {
  torch::Tensor acc = torch::zeros({4});
  for (int64_t i = 0; i < x.size(0); ++i) {
    torch::Tensor xi = x[i].to(device);
    // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: device transfer 'x[i].to(device)' moves one item [batching-per-item-transfer]
    acc.add_(xi.matmul(w.to(torch::kCUDA)));
    // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: device transfer 'w.to(torch::kCUDA)' copies the same tensor [caching-loop-invariant-transfer]
  }
  return acc;
}

int64_t reload(const std::string &indexPath, const std::string &modelPath,
               int n) {
  int64_t total = 0;
  for (int i = 0; i < n; ++i) {
    faiss::Index *index = faiss::read_index(indexPath.c_str());
    // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'faiss::read_index' is expensive and loop-invariant [caching-loop-invariant-call]
    torch::jit::script::Module m = torch::jit::load(modelPath);
    // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: 'torch::jit::load' is expensive and loop-invariant [caching-loop-invariant-call]
    total += index->ntotal;
    delete index;
  }
  return total;
}

float elements(const torch::Tensor &scores, int64_t n) {
  float s = 0;
  for (int64_t i = 0; i < scores.size(0); ++i) {
    s += scores[i].item<float>();
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'scores[i].item<float>()' reads one tensor element per iteration [vectorization-per-element-tensor-access]
    torch::Tensor buf = torch::zeros({n});
    // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'torch::zeros({n})' allocates a new tensor 'buf' of the same shape on every iteration [caching-allocation-in-loop]
    buf.add_(scores[i]);
    s += buf.sum().item<float>();
  }
  return s;
}

void pageable(const torch::Tensor &x, int64_t bs,
              std::vector<torch::Tensor> &out) {
  for (int64_t b = 0; b < x.size(0); b += bs)
    out.push_back(x.slice(0, b, b + bs).to(torch::kCUDA));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: copies pageable host memory to the GPU on every iteration [code-level-pageable-transfer]
}

} // namespace it
