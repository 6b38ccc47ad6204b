// Fixture for caching-load-per-call (docs/rules/caching-load-per-call.md).
#include <faiss/index_io.h>
#include <torch/torch.h>
#include <string>
#include <vector>

torch::Tensor score(const std::string &modelPath, const torch::Tensor &x) {
  torch::jit::Module m = torch::jit::load(modelPath);
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'torch::jit::load' loads on every call of 'score', and 'scoreAll' calls it in the loop at caching-load-per-call.cpp:21 (call at line 22) [caching-load-per-call]
  return m.forward({x}).toTensor();
}

long countVectors(const char *path) {
  faiss::Index *index = faiss::read_index(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'faiss::read_index' loads on every call of 'countVectors', and 'countAll' calls it in the loop at caching-load-per-call.cpp:29 [caching-load-per-call]
  return index->ntotal;
}

float scoreAll(const std::vector<torch::Tensor> &xs) {
  float total = 0;
  for (const torch::Tensor &x : xs)
    total += score("model.pt", x).sum().item<float>();
  return total;
}

long countAll(const std::vector<std::string> &paths) {
  long n = 0;
  int k = 0;
  while (k < 3) {
    n += countVectors(paths[k].c_str());
    ++k;
  }
  return n;
}

// Not flagged: loaded in a function that no loop calls.
torch::jit::Module loadOnce(const std::string &path) {
  return torch::jit::load(path);
}

int main() {
  torch::jit::Module m = loadOnce("model.pt");
  return 0;
}
