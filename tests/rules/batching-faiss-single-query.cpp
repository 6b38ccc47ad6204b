// Fixture for batching-faiss-single-query (docs/rules/batching-faiss-single-query.md).
#include <faiss/IndexFlat.h>
#include <vector>

using idx_t = faiss::Index::idx_t;

void searchEach(const faiss::Index &index, const std::vector<float> &xq,
                int nq, int d, int k, std::vector<idx_t> &labels) {
  std::vector<float> distances(k);
  for (int i = 0; i < nq; ++i)
    index.search(1, xq.data() + i * d, k, distances.data(),
                 labels.data() + i * k);
  // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: faiss 'search' is called with a single vector (n == 1) in the for loop at line 10 [batching-faiss-single-query]
}

void addEach(faiss::IndexFlatL2 *index,
             const std::vector<std::vector<float>> &vectors) {
  for (const std::vector<float> &v : vectors)
    index->add(1, v.data());
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: faiss 'add' is called with a single vector (n == 1) [batching-faiss-single-query]
}

void addWithIdsEach(faiss::Index &index, const float *xb, const idx_t *ids,
                    idx_t n, int d) {
  const idx_t one = 1;
  for (idx_t i = 0; i < n; i++)
    index.add_with_ids(one, xb + i * d, ids + i);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: (n == 1) [batching-faiss-single-query]
}

// Not flagged: `count` is a parameter; nothing says one vector is added per
// call, although the pointer advances with the counter (no evidence of a
// batch of one).
void addWithIdsCount(faiss::Index &index, const float *xb, const idx_t *ids,
                     idx_t n, idx_t count, int d) {
  for (idx_t i = 0; i < n; i++)
    index.add_with_ids(count, xb + i * d, ids + i);
}

// Not flagged: each call adds `ksub` vectors (the sub-quantizer's whole
// codebook, returned by an accessor): a batch per iteration, not one item.
const float *centroidsOf(const std::vector<float> &all, int m, int ksub,
                         int dsub) {
  return all.data() + m * ksub * dsub;
}
void addCodebooks(faiss::Index &index, const std::vector<float> &all, int M,
                  int ksub, int dsub) {
  for (int m = 0; m < M; m++)
    index.add(ksub, centroidsOf(all, m, ksub, dsub));
}

void assignEach(const faiss::Index &index, const float *xs, idx_t n, int d,
                idx_t *labels) {
  idx_t i = 0;
  while (i < n) {
    index.assign(1, &xs[i * d], labels + i);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: faiss 'assign' is called with a single vector (n == 1) in the while loop [batching-faiss-single-query]
    ++i;
  }
}

// Not flagged: reconstruct decodes one stored vector and has no per-call
// setup to amortise; its batched forms run the same loop (catalog data:
// reconstruct is not `batchable`).
void reconstructEach(const faiss::Index &index, const std::vector<idx_t> &keys,
                     float *out, int d) {
  for (std::size_t j = 0; j < keys.size(); ++j)
    index.reconstruct(keys[j], out + j * d);
}

// Not flagged: every shard gets the whole query set in one batched call.
void searchShards(const std::vector<faiss::Index *> &shards, const float *xq,
                  idx_t nq, idx_t k, float *distances, idx_t *labels) {
  for (faiss::Index *shard : shards)
    shard->search(nq, xq, k, distances, labels);
}

// Not flagged: the loop walks the queries in chunks of `chunk` vectors.
void searchChunks(const faiss::Index &index, const float *xq, idx_t nq,
                  idx_t chunk, int d, idx_t k, float *dist, idx_t *labels) {
  for (idx_t c = 0; c * chunk < nq; ++c)
    index.search(chunk, xq + c * chunk * d, k, dist + c * chunk * k,
                 labels + c * chunk * k);
}

// Not flagged: the search runs once, outside any loop.
void searchOnce(const faiss::Index &index, const float *xq, idx_t nq,
                idx_t k, float *distances, idx_t *labels) {
  index.search(nq, xq, k, distances, labels);
}

#include <faiss/IndexIVF.h>

// Not flagged: the loop sweeps the index's nprobe, so every call searches
// with another configuration: one batched call could not do the same.
void sweepNprobe(faiss::IndexIVF &index, const float *xq, idx_t k,
                 float *distances, idx_t *labels) {
  for (std::size_t p = 1; p <= 64; p *= 2) {
    index.nprobe = p;
    index.search(1, xq, k, distances, labels);
  }
}
