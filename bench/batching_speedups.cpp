// Calibrates the batching speedups of rules/catalog: for each batchable API,
// the time of n single-item calls divided by the time of one call on the n
// items, over a grid of sizes, single-threaded (run with OMP_NUM_THREADS=1).
// The catalog's "speedup" ranges are the min and max this prints on the
// reference machine (docs/ranking.md). Usage: batching_speedups [REPEATS]
#include <faiss/IndexFlat.h>
#include <faiss/IndexIVFFlat.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace {

using idx_t = faiss::Index::idx_t;
using Clock = std::chrono::steady_clock;

double seconds(const std::function<void()> &Fn, int Repeats) {
  std::vector<double> T;
  for (int R = 0; R < Repeats; ++R) {
    auto Start = Clock::now();
    Fn();
    T.push_back(std::chrono::duration<double>(Clock::now() - Start).count());
  }
  std::sort(T.begin(), T.end());
  return T[T.size() / 2];
}

std::vector<float> randomVectors(int64_t N, int64_t D, unsigned Seed) {
  std::mt19937 Gen(Seed);
  std::normal_distribution<float> Normal;
  std::vector<float> Out(N * D);
  for (float &X : Out)
    X = Normal(Gen);
  return Out;
}

struct Range {
  double Min = 1e300, Max = 0;
  void add(double X) {
    Min = std::min(Min, X);
    Max = std::max(Max, X);
  }
};

std::map<std::string, Range> Ranges;

void report(const std::string &Api, const std::string &Config, double Single,
            double Batched) {
  double S = Single / Batched;
  Ranges[Api].add(S);
  std::printf("%-34s %-30s single %8.4f s  batched %8.4f s  speedup %6.2fx\n",
              Api.c_str(), Config.c_str(), Single, Batched, S);
}

std::unique_ptr<faiss::Index> makeIndex(bool Ivf, int64_t D, int64_t NTrain,
                                        const float *Train,
                                        faiss::IndexFlatL2 &Quantizer) {
  if (!Ivf)
    return std::make_unique<faiss::IndexFlatL2>(D);
  auto Index = std::make_unique<faiss::IndexIVFFlat>(&Quantizer, D, 256);
  Index->cp.niter = 10;
  Index->train(NTrain, Train);
  Index->nprobe = 8;
  return Index;
}

void faissSearch(bool Ivf, int64_t NB, int64_t D, int Repeats) {
  const int64_t NQ = 500, K = 10;
  std::vector<float> Base = randomVectors(NB, D, 1);
  std::vector<float> Queries = randomVectors(NQ, D, 2);
  faiss::IndexFlatL2 Quantizer(D);
  auto Index = makeIndex(Ivf, D, std::min<int64_t>(NB, 256 * 40), Base.data(),
                         Quantizer);
  Index->add(NB, Base.data());
  std::vector<float> Dist(NQ * K);
  std::vector<idx_t> Labels(NQ * K);
  double Single = seconds(
      [&] {
        for (int64_t Q = 0; Q < NQ; ++Q)
          Index->search(1, Queries.data() + Q * D, K, Dist.data(),
                        Labels.data());
      },
      Repeats);
  double Batched = seconds(
      [&] { Index->search(NQ, Queries.data(), K, Dist.data(), Labels.data()); },
      Repeats);
  std::string Config =
      "nb=" + std::to_string(NB) + " d=" + std::to_string(D) + " nq=500";
  report(Ivf ? "faiss::IndexIVF::search" : "faiss::IndexFlat::search", Config,
         Single, Batched);
  if (!Ivf)
    return;
  // What batching changes in an IVF search: the coarse quantizer's search
  // for each query's nprobe lists. The list scans (search_preassigned) are
  // per-query work batched or not; the catalog's "per_item" entry applies
  // this range to the rest of a call's measured time only.
  const auto &Ivfs = static_cast<const faiss::IndexIVF &>(*Index);
  const int64_t NProbe = static_cast<int64_t>(Ivfs.nprobe);
  std::vector<float> CoarseDist(NQ * NProbe);
  std::vector<idx_t> CoarseLists(NQ * NProbe);
  double CoarseSingle = seconds(
      [&] {
        for (int64_t Q = 0; Q < NQ; ++Q)
          Ivfs.quantizer->search(1, Queries.data() + Q * D, NProbe,
                                 CoarseDist.data(), CoarseLists.data());
      },
      Repeats);
  double CoarseBatched = seconds(
      [&] {
        Ivfs.quantizer->search(NQ, Queries.data(), NProbe, CoarseDist.data(),
                               CoarseLists.data());
      },
      Repeats);
  report("faiss::IndexIVF::search (quantizer)", Config, CoarseSingle,
         CoarseBatched);
}

void faissAdd(bool Ivf, int64_t N, int64_t D, int Repeats) {
  std::vector<float> Base = randomVectors(N, D, 1);
  faiss::IndexFlatL2 Quantizer(D);
  auto Index =
      makeIndex(Ivf, D, std::min<int64_t>(N, 256 * 40), Base.data(), Quantizer);
  double Single = seconds(
      [&] {
        Index->reset();
        for (int64_t I = 0; I < N; ++I)
          Index->add(1, Base.data() + I * D);
      },
      Repeats);
  double Batched = seconds(
      [&] {
        Index->reset();
        Index->add(N, Base.data());
      },
      Repeats);
  report(Ivf ? "faiss::IndexIVF::add" : "faiss::IndexFlat::add",
         "n=" + std::to_string(N) + " d=" + std::to_string(D), Single, Batched);
}

void torchInference(int64_t In, int64_t Hidden, int64_t Out, int Repeats) {
  torch::manual_seed(0);
  torch::nn::Sequential Mlp(torch::nn::Linear(In, Hidden), torch::nn::ReLU(),
                            torch::nn::Linear(Hidden, Out));
  Mlp->eval();
  torch::NoGradGuard NoGrad;
  const int64_t N = 2000;
  torch::Tensor X = torch::randn({N, In});
  double Single = seconds(
      [&] {
        for (int64_t I = 0; I < N; ++I)
          Mlp->forward(X[I].unsqueeze(0));
      },
      Repeats);
  double Batched = seconds([&] { Mlp->forward(X); }, Repeats);
  report("torch::nn::Module::forward",
         "mlp " + std::to_string(In) + "-" + std::to_string(Hidden) + "-" +
             std::to_string(Out) + " n=2000",
         Single, Batched);
}

} // namespace

int main(int Argc, char **Argv) {
  int Repeats = Argc > 1 ? std::max(1, std::atoi(Argv[1])) : 3;
  for (bool Ivf : {false, true})
    for (int64_t NB : {10000, 100000})
      for (int64_t D : {32, 128})
        faissSearch(Ivf, NB, D, Repeats);
  for (bool Ivf : {false, true})
    for (int64_t D : {32, 128})
      faissAdd(Ivf, 50000, D, Repeats);
  torchInference(64, 128, 32, Repeats);
  torchInference(256, 1024, 256, Repeats);
  torchInference(16, 32, 4, Repeats);
  std::printf("\nranges (min..max speedup over the grid):\n");
  for (const auto &[Api, R] : Ranges)
    std::printf("  %-34s [%.1f, %.1f]\n", Api.c_str(), R.Min, R.Max);
  return 0;
}
