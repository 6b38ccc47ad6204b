// Mock of <faiss/IndexIVF.h> (FAISS 1.7.3): the qualified names and the
// fields the rules look at.
#pragma once
#include <cstddef>
#include <faiss/Index.h>

namespace faiss {
struct IndexIVF : Index {
  std::size_t nlist;
  std::size_t nprobe;
  explicit IndexIVF(idx_t d = 0);
};
} // namespace faiss
