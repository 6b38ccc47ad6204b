// The fixed variants of search_service's slow stages, one fix each, so that
// every finding's fix can be applied and measured alone (--fix=NAME).
#include <faiss/IndexFlat.h>
#include <torch/torch.h>

#include <fstream>
#include <set>
#include <string>
#include <unordered_set>
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

// Fix for data-structures-ordered-lookup: the stop list in a hash set,
// filled by a loader that returns one.
std::unordered_set<int64_t> loadStopIdsUnordered(const std::string &path) {
  std::unordered_set<int64_t> ids;
  std::ifstream in(path);
  int64_t id;
  while (in >> id)
    ids.insert(id);
  return ids;
}

// The query loop with the stop list in a std::unordered_set (reloaded per
// query as in answer(): this fix alone).
int64_t answerUnordered(const faiss::IndexFlatIP &index,
                        const torch::Tensor &queries,
                        const std::string &stopPath, int64_t k) {
  using idx_t = faiss::Index::idx_t;
  int64_t hits = 0;
  std::vector<float> distances(k);
  std::vector<idx_t> labels(k);
  const float *q = queries.data_ptr<float>();
  for (int64_t i = 0; i < queries.size(0); ++i) {
    std::unordered_set<int64_t> stop = loadStopIdsUnordered(stopPath);
    index.search(1, q + i * queries.size(1), k, distances.data(),
                 labels.data());
    for (idx_t label : labels)
      hits += stop.count(label) == 0;
  }
  return hits;
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
