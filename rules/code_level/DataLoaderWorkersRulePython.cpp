//===- DataLoaderWorkersRulePython.cpp - a training loop, num_workers=0 ---===//
#include "rules/PyRuleUtils.h"
#include "rules/code_level/DataLoaderWorkersRule.h"

namespace hotpath {

using namespace py;

namespace {

/// Whether the dataset is tensors already in memory (`TensorDataset`):
/// a batch is a few index operations, cheaper than a worker's IPC.
bool inMemory(const ModuleFacts &M, const Function &F, Node Dataset) {
  if (Dataset.is("identifier"))
    Dataset = onlyBinding(F, Dataset.text());
  return Dataset.is("call") &&
         llvm::StringRef(M.callee(Dataset)).endswith("TensorDataset");
}

} // namespace

DataLoaderWorkersRule::DataLoaderWorkersRule()
    : Rule("code-level-dataloader-workers", Category::CodeLevel) {}

llvm::StringRef DataLoaderWorkersRule::summary() const {
  return "a training loop is fed by a DataLoader with num_workers=0: every "
         "batch is loaded in the training process, between steps";
}

void DataLoaderWorkersRule::checkPython(const PyContext &Ctx, const Function &F,
                                        FindingsSink &Sink) const {
  const ModuleFacts &M = Ctx.facts();
  for (const Loop &L : F.Loops) {
    Node Loader = L.Comprehension ? Node() : loaderOf(M, F, L);
    if (!Loader || !trains(L))
      continue;
    Node Workers = keywordArg(Loader, "num_workers");
    // Workers set to anything but a literal 0 (a name may be > 0).
    if (Workers && intLiteral(Workers) != 0)
      continue;
    Node Dataset = keywordArg(Loader, "dataset");
    if (!Dataset) {
      std::vector<Node> Args = positionalArgs(Loader);
      Dataset = Args.empty() ? Node() : Args[0];
    }
    // positional num_workers: DataLoader(ds, bs, shuffle, sampler,
    // batch_sampler, num_workers, …).
    if (positionalArgs(Loader).size() > 5 || inMemory(M, F, Dataset))
      continue;
    Finding Out = makeFinding(Ctx, L.Iterable, F, &L);
    Out.Api = "torch.utils.data.DataLoader";
    Out.Message = "the DataLoader at line " + std::to_string(Loader.line()) +
                  " loads every batch of the training " +
                  PyContext::loopPhrase(L) +
                  " in the training process (num_workers is 0): each step "
                  "waits while the next batch is read and collated";
    Out.FixHint = "pass num_workers=N (a few per core; with "
                  "persistent_workers=True) so worker processes prepare the "
                  "next batches while the model trains";
    Sink.report(std::move(Out));
  }
}

} // namespace hotpath
