// The fixed variants of retrieval_pipeline's slow stages, one fix each, so
// that every finding's fix can be applied and measured alone (--fix=NAME).
#include <faiss/IndexIVFFlat.h>

#include <string>
#include <unordered_set>
#include <vector>

namespace rp {

using idx_t = faiss::Index::idx_t;
std::unordered_set<idx_t> loadBlockList(const std::string &path);

// Fix for batching-faiss-single-query on add: one add of the whole corpus.
void indexCorpusBatched(faiss::IndexIVFFlat &index,
                        const std::vector<float> &corpus, int64_t dim) {
  index.add(static_cast<int64_t>(corpus.size()) / dim, corpus.data());
}

// retrieve() with either fix: one batched search
// (batching-faiss-single-query), or the block list read once before the
// query loop (caching-loop-invariant-call).
int64_t retrieveFixed(const faiss::IndexIVFFlat &index,
                      const std::vector<float> &queries, int64_t dim, int64_t k,
                      const std::string &blockPath, bool batchSearch,
                      bool hoistBlockList) {
  const int64_t nq = static_cast<int64_t>(queries.size()) / dim;
  std::vector<float> distances(batchSearch ? nq * k : k);
  std::vector<idx_t> labels(batchSearch ? nq * k : k);
  if (batchSearch)
    index.search(nq, queries.data(), k, distances.data(), labels.data());
  const std::unordered_set<idx_t> hoisted =
      hoistBlockList ? loadBlockList(blockPath) : std::unordered_set<idx_t>();
  int64_t kept = 0;
  for (int64_t q = 0; q < nq; ++q) {
    std::unordered_set<idx_t> reread;
    const std::unordered_set<idx_t> &blocked =
        hoistBlockList ? hoisted : (reread = loadBlockList(blockPath));
    if (!batchSearch)
      index.search(1, queries.data() + q * dim, k, distances.data(),
                   labels.data());
    const idx_t *row = labels.data() + (batchSearch ? q * k : 0);
    for (int64_t j = 0; j < k; ++j)
      kept += row[j] >= 0 && blocked.count(row[j]) == 0;
  }
  return kept;
}

} // namespace rp
