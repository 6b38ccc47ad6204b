// Mock of <faiss/IndexFlat.h>.
#pragma once
#include <faiss/Index.h>

namespace faiss {
struct IndexFlat : Index {
  explicit IndexFlat(idx_t d);
  void add(idx_t n, const float *x) override;
  void search(idx_t n, const float *x, idx_t k, float *distances,
              idx_t *labels) const override;
  void reset() override;
};
struct IndexFlatL2 : IndexFlat {
  explicit IndexFlatL2(idx_t d);
};
struct IndexFlatIP : IndexFlat {
  explicit IndexFlatIP(idx_t d);
};
} // namespace faiss
