// Mock of <faiss/Index.h> (FAISS 1.7.3 signatures).
#pragma once
#include <cstdint>

namespace faiss {
struct RangeSearchResult;

struct Index {
  using idx_t = int64_t;
  int d;
  idx_t ntotal;
  explicit Index(idx_t d = 0);
  virtual ~Index();
  virtual void add(idx_t n, const float *x) = 0;
  virtual void add_with_ids(idx_t n, const float *x, const idx_t *xids);
  virtual void search(idx_t n, const float *x, idx_t k, float *distances,
                      idx_t *labels) const = 0;
  virtual void range_search(idx_t n, const float *x, float radius,
                            RangeSearchResult *result) const;
  virtual void assign(idx_t n, const float *x, idx_t *labels,
                      idx_t k = 1) const;
  virtual void reconstruct(idx_t key, float *recons) const;
  virtual void reconstruct_n(idx_t i0, idx_t ni, float *recons) const;
  virtual void reset() = 0;
};
} // namespace faiss
