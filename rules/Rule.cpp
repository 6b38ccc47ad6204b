//===- Rule.cpp - Rule base and the registry of all rules -----------------===//
#include "rules/Rule.h"
#include "rules/algorithmic/LinearSearchInLoopRule.h"
#include "rules/algorithmic/QuadraticStringBuildRule.h"
#include "rules/batching/FaissSingleQueryRule.h"
#include "rules/batching/PerItemInferenceRule.h"
#include "rules/batching/PerItemTransferRule.h"
#include "rules/caching/AllocationInLoopRule.h"
#include "rules/caching/LoadPerCallRule.h"
#include "rules/caching/LoopInvariantCallRule.h"
#include "rules/caching/LoopInvariantTransferRule.h"
#include "rules/code_level/DataLoaderWorkersRule.h"
#include "rules/code_level/HostSyncInLoopRule.h"
#include "rules/code_level/MissingInferenceModeRule.h"
#include "rules/code_level/PageableTransferRule.h"
#include "rules/data_structures/ListAsQueueRule.h"
#include "rules/data_structures/OrderedLookupRule.h"
#include "rules/data_structures/SequentialRandomAccessRule.h"
#include "rules/micro/RangeForCopyRule.h"
#include "rules/micro/VectorReserveRule.h"
#include "rules/vectorization/PerElementTensorAccessRule.h"
#include "rules/vectorization/PerItemTensorBuildRule.h"

#include "llvm/Support/GlobPattern.h"

#include <algorithm>

namespace hotpath {

Rule::~Rule() = default;

Finding Rule::makeFinding(const TUContext &TU, const FunctionFacts &F,
                          const clang::Expr *At, const LoopInfo &L) const {
  return TU.makeFinding(Id, Cat, At, L, F.decl());
}

llvm::Expected<std::vector<std::string>>
parseEntryPoints(llvm::StringRef Value) {
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  Value.split(Parts, ',');
  std::vector<std::string> Out;
  for (llvm::StringRef Part : Parts) {
    Part = Part.trim();
    if (Part.empty())
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "an empty function name in '%s' (a comma-separated list of "
          "qualified names or globs)",
          Value.str().c_str());
    if (auto G = llvm::GlobPattern::create(Part); !G)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "bad glob '%s': %s", Part.str().c_str(),
                                     llvm::toString(G.takeError()).c_str());
    Out.push_back(Part.str());
  }
  return Out;
}

std::vector<std::unique_ptr<Rule>> createAllRules() {
  return llvm::cantFail(createAllRules({}));
}

llvm::Expected<std::vector<std::unique_ptr<Rule>>>
createAllRules(const std::map<std::string, std::string> &Options) {
  unsigned MaxTinySize = 8;
  for (const auto &[Key, Value] : Options) {
    if (Key == "algorithmic-linear-search-in-loop.MaxTinySize") {
      if (llvm::StringRef(Value).getAsInteger(10, MaxTinySize))
        return llvm::createStringError(
            llvm::inconvertibleErrorCode(),
            "rule option '%s' must be a number, not '%s'", Key.c_str(),
            Value.c_str());
      continue;
    }
    if (Key == EntryPointsOption) {
      if (llvm::Error E = parseEntryPoints(Value).takeError())
        return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "rule option '%s': %s", Key.c_str(),
                                       llvm::toString(std::move(E)).c_str());
      continue;
    }
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "unknown rule option '%s' (known: "
        "algorithmic-linear-search-in-loop.MaxTinySize, %s)",
        Key.c_str(), EntryPointsOption);
  }
  std::vector<std::unique_ptr<Rule>> Rules;
  Rules.push_back(std::make_unique<LinearSearchInLoopRule>(MaxTinySize));
  Rules.push_back(std::make_unique<QuadraticStringBuildRule>());
  Rules.push_back(std::make_unique<FaissSingleQueryRule>());
  Rules.push_back(std::make_unique<PerItemInferenceRule>());
  Rules.push_back(std::make_unique<PerItemTransferRule>());
  Rules.push_back(std::make_unique<AllocationInLoopRule>());
  Rules.push_back(std::make_unique<PageableTransferRule>());
  Rules.push_back(std::make_unique<HostSyncInLoopRule>());
  Rules.push_back(std::make_unique<DataLoaderWorkersRule>());
  Rules.push_back(std::make_unique<MissingInferenceModeRule>());
  Rules.push_back(std::make_unique<LoadPerCallRule>());
  Rules.push_back(std::make_unique<OrderedLookupRule>());
  Rules.push_back(std::make_unique<SequentialRandomAccessRule>());
  Rules.push_back(std::make_unique<ListAsQueueRule>());
  Rules.push_back(std::make_unique<LoopInvariantCallRule>());
  Rules.push_back(std::make_unique<LoopInvariantTransferRule>());
  Rules.push_back(std::make_unique<PerElementTensorAccessRule>());
  Rules.push_back(std::make_unique<PerItemTensorBuildRule>());
  Rules.push_back(std::make_unique<RangeForCopyRule>());
  Rules.push_back(std::make_unique<VectorReserveRule>());
  std::sort(Rules.begin(), Rules.end(),
            [](const auto &A, const auto &B) { return A->id() < B->id(); });
  return Rules;
}

void Rule::checkPythonFile(const py::PyContext &Ctx, FindingsSink &Sink) const {
  for (const py::Function &F : Ctx.facts().functions())
    checkPython(Ctx, F, Sink);
}

void RuleSet::handlePython(const py::PyContext &Ctx, FindingsSink &Sink) const {
  for (const auto &R : Rules)
    R->checkPythonFile(Ctx, Sink);
}

void RuleSet::handle(const TUContext &TU, FindingsSink &Sink) const {
  for (const auto &F : TU.functions()) {
    FindingsSink Local;
    for (const auto &R : Rules)
      R->check(TU, *F, Local);
    // One root cause, one finding: a loop that another rule asks to rewrite
    // (batch, hoist, vectorize) makes its micro-optimizations moot.
    auto Rewritten = [&](const Finding &Micro) {
      for (const Finding &Other : Local.Findings)
        if (Other.Cat != Category::Micro &&
            Other.Location.File == Micro.Location.File &&
            Other.Loop.Begin == Micro.Loop.Begin &&
            Other.Loop.End == Micro.Loop.End)
          return true;
      return false;
    };
    // Two rules on the same call: keep the one whose fix matters more
    // (the earlier row of the priority table).
    auto Outranked = [&](const Finding &F) {
      for (const Finding &Other : Local.Findings)
        if (&Other != &F && Other.Location == F.Location &&
            Other.Api == F.Api && !F.Api.empty() && Other.Cat < F.Cat)
          return true;
      return false;
    };
    std::vector<bool> Keep;
    for (const Finding &Found : Local.Findings)
      Keep.push_back(!Outranked(Found) &&
                     (Found.Cat != Category::Micro || !Rewritten(Found)));
    for (size_t I = 0; I < Local.Findings.size(); ++I)
      if (Keep[I])
        Sink.report(std::move(Local.Findings[I]));
    for (auto &[Key, Found] : Local.Conditional)
      Sink.reportIfExpensive(std::move(Found), std::move(Key));
    for (auto &[Key, Found] : Local.CalledInLoop)
      Sink.reportIfCalledInLoop(std::move(Found), std::move(Key));
    for (auto &[Key, Found] : Local.UnguardedPath)
      Sink.reportIfUnguardedPath(std::move(Found), std::move(Key));
  }
}

} // namespace hotpath
