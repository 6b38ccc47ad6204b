// search_service: a small semantic-search service written the slow way.
//
// It embeds a corpus with a libtorch encoder, indexes the embeddings with
// FAISS and answers queries. Every stage has a performance anti-pattern that
// hotpath finds; `hotpath analyze -p build examples/search_service/main.cpp`
// lists them.
#include <faiss/IndexFlat.h>
#include <torch/torch.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <vector>

namespace svc {

using idx_t = faiss::Index::idx_t;

struct EncoderImpl : torch::nn::Module {
  EncoderImpl(int64_t in, int64_t hidden, int64_t out)
      : fc1(register_module("fc1", torch::nn::Linear(in, hidden))),
        fc2(register_module("fc2", torch::nn::Linear(hidden, out))) {}
  torch::Tensor forward(const torch::Tensor &x) {
    return torch::nn::functional::normalize(
        fc2(torch::relu(fc1(x))),
        torch::nn::functional::NormalizeFuncOptions().dim(1));
  }
  torch::nn::Linear fc1, fc2;
};
TORCH_MODULE(Encoder);

// Reads the stop-word list (one id per line); loops over the file.
std::set<int64_t> loadStopIds(const std::string &path) {
  std::set<int64_t> ids;
  std::ifstream in(path);
  int64_t id;
  while (in >> id)
    ids.insert(id);
  return ids;
}

// Embeds the corpus one document at a time.
torch::Tensor embedCorpus(Encoder &encoder, const torch::Tensor &docs,
                          torch::Device device) {
  std::vector<torch::Tensor> rows;
  for (int64_t i = 0; i < docs.size(0); ++i) {
    torch::Tensor doc = docs[i].unsqueeze(0).to(device);
    rows.push_back(encoder->forward(doc).cpu());
  }
  return torch::cat(rows);
}

// Adds the embeddings to the index one vector at a time.
void buildIndex(faiss::IndexFlatIP &index, const torch::Tensor &embeddings) {
  const float *data = embeddings.data_ptr<float>();
  int64_t dim = embeddings.size(1);
  for (int64_t i = 0; i < embeddings.size(0); ++i)
    index.add(1, data + i * dim);
}

// Answers each query with its own search and re-reads the stop list for
// every query.
int64_t answer(const faiss::IndexFlatIP &index, const torch::Tensor &queries,
               const std::string &stopPath, int64_t k) {
  int64_t hits = 0;
  std::vector<float> distances(k);
  std::vector<idx_t> labels(k);
  const float *q = queries.data_ptr<float>();
  for (int64_t i = 0; i < queries.size(0); ++i) {
    std::set<int64_t> stop = loadStopIds(stopPath);
    index.search(1, q + i * queries.size(1), k, distances.data(),
                 labels.data());
    for (idx_t label : labels)
      hits += stop.count(label) == 0;
  }
  return hits;
}

// Fixed variants (fixed.cpp), one per finding, selected with --fix=NAME.
torch::Tensor encode(Encoder &encoder, const torch::Tensor &batch) {
  return encoder->forward(batch);
}
torch::Tensor embedCorpusBatched(Encoder &encoder, const torch::Tensor &docs,
                                 torch::Device device);
void buildIndexBatched(faiss::IndexFlatIP &index,
                       const torch::Tensor &embeddings);
int64_t answerFixed(const faiss::IndexFlatIP &index,
                    const torch::Tensor &queries, const std::string &stopPath,
                    int64_t k, bool batchSearch, bool hoistStop);
int64_t answerUnordered(const faiss::IndexFlatIP &index,
                        const torch::Tensor &queries,
                        const std::string &stopPath, int64_t k);

} // namespace svc

// Usage: search_service [DOCS [QUERIES]]
// [--fix=embed,add,search,stoplist,unordered]
int main(int argc, char **argv) {
  torch::manual_seed(0);
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
  const int64_t numDocs =
      sizes.size() > 0 ? std::atoll(sizes[0].c_str()) : 20000;
  const int64_t numQueries =
      sizes.size() > 1 ? std::atoll(sizes[1].c_str()) : 2000;
  const int64_t in = 64, hidden = 128, dim = 32, k = 10;
  const std::string stopPath = "search_service_stop_ids.txt";
  {
    std::ofstream out(stopPath);
    for (int i = 0; i < 1000; ++i)
      out << i * 7 << "\n";
  }
  torch::Device device(torch::kCPU);
  svc::Encoder encoder(in, hidden, dim);
  encoder->eval();
  torch::NoGradGuard noGrad;

  torch::Tensor docs = torch::randn({numDocs, in});
  torch::Tensor queryInputs = torch::randn({numQueries, in});
  torch::Tensor embeddings =
      fixed("embed") ? svc::embedCorpusBatched(encoder, docs, device)
                     : svc::embedCorpus(encoder, docs, device);
  faiss::IndexFlatIP index(dim);
  if (fixed("add"))
    svc::buildIndexBatched(index, embeddings);
  else
    svc::buildIndex(index, embeddings);

  torch::Tensor queries =
      fixed("embed") ? svc::embedCorpusBatched(encoder, queryInputs, device)
                     : svc::embedCorpus(encoder, queryInputs, device);
  int64_t hits = fixed("search") || fixed("stoplist")
                     ? svc::answerFixed(index, queries, stopPath, k,
                                        fixed("search"), fixed("stoplist"))
                 : fixed("unordered")
                     ? svc::answerUnordered(index, queries, stopPath, k)
                     : svc::answer(index, queries, stopPath, k);
  std::printf("indexed %lld documents, answered %lld queries, %lld hits\n",
              static_cast<long long>(index.ntotal),
              static_cast<long long>(numQueries), static_cast<long long>(hits));
  return 0;
}
