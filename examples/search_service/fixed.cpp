// The fixed variants of search_service's slow stages, one fix each, so that
// every finding's fix can be applied and measured alone (--fix=NAME).
#include <faiss/IndexFlat.h>
#include <torch/torch.h>

#include <set>
#include <string>
#include <vector>

namespace svc {

class Encoder; // TORCH_MODULE(Encoder) in main.cpp
std::set<int64_t> loadStopIds(const std::string &path);
torch::Tensor encode(Encoder &encoder, const torch::Tensor &batch);

// Fix for batching-per-item-inference and the per-item transfers: one
// forward pass over the whole corpus.
torch::Tensor embedCorpusBatched(Encoder &encoder, const torch::Tensor &docs,
                                 torch::Device device) {
  return encode(encoder, docs.to(device)).cpu();
}

// Fix for batching-faiss-single-query on add: one add of all vectors.
void buildIndexBatched(faiss::IndexFlatIP &index,
                       const torch::Tensor &embeddings) {
  index.add(embeddings.size(0), embeddings.data_ptr<float>());
}

// answer() with either fix: the stop list hoisted out of the query loop
// (caching-loop-invariant-call), or one batched search
// (batching-faiss-single-query).
int64_t answerFixed(const faiss::IndexFlatIP &index,
                    const torch::Tensor &queries, const std::string &stopPath,
                    int64_t k, bool batchSearch, bool hoistStop) {
  using idx_t = faiss::Index::idx_t;
  const int64_t nq = queries.size(0), d = queries.size(1);
  const float *q = queries.data_ptr<float>();
  std::vector<float> distances(batchSearch ? nq * k : k);
  std::vector<idx_t> labels(batchSearch ? nq * k : k);
  if (batchSearch)
    index.search(nq, q, k, distances.data(), labels.data());
  const std::set<int64_t> hoisted =
      hoistStop ? loadStopIds(stopPath) : std::set<int64_t>();
  int64_t hits = 0;
  for (int64_t i = 0; i < nq; ++i) {
    std::set<int64_t> reread;
    const std::set<int64_t> &stop =
        hoistStop ? hoisted : (reread = loadStopIds(stopPath));
    if (!batchSearch)
      index.search(1, q + i * d, k, distances.data(), labels.data());
    const idx_t *row = labels.data() + (batchSearch ? i * k : 0);
    for (int64_t j = 0; j < k; ++j)
      hits += stop.count(row[j]) == 0;
  }
  return hits;
}

} // namespace svc
