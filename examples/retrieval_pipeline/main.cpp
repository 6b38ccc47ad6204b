// retrieval_pipeline: a FAISS retrieval pipeline written the slow way.
//
// It builds an IVF index over a corpus of vectors, then answers queries with
// a per-tenant block list applied to the results. Three stages carry one
// anti-pattern each, of clearly different weight; each has a fixed variant
// in fixed.cpp, selected with --fix=add,search,blocklist.
#include <faiss/IndexFlat.h>
#include <faiss/IndexIVFFlat.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

namespace rp {

using idx_t = faiss::Index::idx_t;

// Reads the blocked document ids (one per line).
std::unordered_set<idx_t> loadBlockList(const std::string &path) {
  std::unordered_set<idx_t> blocked;
  std::ifstream in(path);
  idx_t id;
  while (in >> id)
    blocked.insert(id);
  return blocked;
}

// Adds the corpus to the index one vector at a time.
void indexCorpus(faiss::IndexIVFFlat &index, const std::vector<float> &corpus,
                 int64_t dim) {
  const int64_t n = static_cast<int64_t>(corpus.size()) / dim;
  for (int64_t i = 0; i < n; ++i)
    index.add(1, corpus.data() + i * dim);
}

// Searches each query on its own and re-reads the block list per query.
int64_t retrieve(const faiss::IndexIVFFlat &index,
                 const std::vector<float> &queries, int64_t dim, int64_t k,
                 const std::string &blockPath) {
  const int64_t nq = static_cast<int64_t>(queries.size()) / dim;
  std::vector<float> distances(k);
  std::vector<idx_t> labels(k);
  int64_t kept = 0;
  for (int64_t q = 0; q < nq; ++q) {
    std::unordered_set<idx_t> blocked = loadBlockList(blockPath);
    index.search(1, queries.data() + q * dim, k, distances.data(),
                 labels.data());
    for (idx_t label : labels)
      kept += label >= 0 && blocked.count(label) == 0;
  }
  return kept;
}

// Fixed variants (fixed.cpp).
void indexCorpusBatched(faiss::IndexIVFFlat &index,
                        const std::vector<float> &corpus, int64_t dim);
int64_t retrieveFixed(const faiss::IndexIVFFlat &index,
                      const std::vector<float> &queries, int64_t dim, int64_t k,
                      const std::string &blockPath, bool batchSearch,
                      bool hoistBlockList);

std::vector<float> randomVectors(int64_t n, int64_t dim, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<float> normal;
  std::vector<float> out(n * dim);
  for (float &x : out)
    x = normal(gen);
  return out;
}

} // namespace rp

// Usage: retrieval_pipeline [CORPUS [QUERIES]] [--fix=add,search,blocklist]
int main(int argc, char **argv) {
  std::vector<std::string> sizes;
  std::string fixes;
  for (int a = 1; a < argc; ++a) {
    std::string arg = argv[a];
    if (arg.rfind("--fix=", 0) == 0)
      fixes = "," + arg.substr(6) + ",";
    else
      sizes.push_back(arg);
  }
  auto fixed = [&](const char *name) {
    return fixes.find(std::string(",") + name + ",") != std::string::npos;
  };
  const int64_t corpusSize =
      sizes.size() > 0 ? std::atoll(sizes[0].c_str()) : 100000;
  const int64_t numQueries =
      sizes.size() > 1 ? std::atoll(sizes[1].c_str()) : 4000;
  const int64_t dim = 32, nlist = 256, k = 10;
  const std::string blockPath = "retrieval_pipeline_blocked.txt";
  {
    std::ofstream out(blockPath);
    for (int64_t i = 0; i < 300; ++i)
      out << i * 37 << "\n";
  }
  std::vector<float> corpus = rp::randomVectors(corpusSize, dim, 1);
  std::vector<float> queries = rp::randomVectors(numQueries, dim, 2);

  faiss::IndexFlatL2 quantizer(dim);
  faiss::IndexIVFFlat index(&quantizer, dim, nlist);
  index.cp.niter = 10;
  index.train(std::min<int64_t>(corpusSize, nlist * 40), corpus.data());
  index.nprobe = 8;
  if (fixed("add"))
    rp::indexCorpusBatched(index, corpus, dim);
  else
    rp::indexCorpus(index, corpus, dim);

  int64_t kept = fixed("search") || fixed("blocklist")
                     ? rp::retrieveFixed(index, queries, dim, k, blockPath,
                                         fixed("search"), fixed("blocklist"))
                     : rp::retrieve(index, queries, dim, k, blockPath);
  std::printf("indexed %lld vectors, answered %lld queries, kept %lld hits\n",
              static_cast<long long>(index.ntotal),
              static_cast<long long>(numQueries), static_cast<long long>(kept));
  return 0;
}
