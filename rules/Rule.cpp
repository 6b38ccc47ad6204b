//===- Rule.cpp - Rule base and the registry of all rules -----------------===//
#include "rules/Rule.h"
#include "rules/algorithmic/LinearSearchInLoopRule.h"
#include "rules/algorithmic/QuadraticStringBuildRule.h"
#include "rules/batching/FaissSingleQueryRule.h"
#include "rules/batching/PerItemInferenceRule.h"
#include "rules/batching/PerItemTransferRule.h"
#include "rules/caching/AllocationInLoopRule.h"
#include "rules/caching/LoopInvariantCallRule.h"
#include "rules/caching/LoopInvariantTransferRule.h"
#include "rules/micro/RangeForCopyRule.h"
#include "rules/vectorization/PerElementTensorAccessRule.h"

#include <algorithm>

namespace hotpath {

Rule::~Rule() = default;

Finding Rule::makeFinding(const TUContext &TU, const FunctionFacts &F,
                          const clang::Expr *At, const LoopInfo &L) const {
  return TU.makeFinding(Id, Cat, At, L, F.decl());
}

std::vector<std::unique_ptr<Rule>> createAllRules() {
  std::vector<std::unique_ptr<Rule>> Rules;
  Rules.push_back(std::make_unique<LinearSearchInLoopRule>());
  Rules.push_back(std::make_unique<QuadraticStringBuildRule>());
  Rules.push_back(std::make_unique<FaissSingleQueryRule>());
  Rules.push_back(std::make_unique<PerItemInferenceRule>());
  Rules.push_back(std::make_unique<PerItemTransferRule>());
  Rules.push_back(std::make_unique<AllocationInLoopRule>());
  Rules.push_back(std::make_unique<LoopInvariantCallRule>());
  Rules.push_back(std::make_unique<LoopInvariantTransferRule>());
  Rules.push_back(std::make_unique<PerElementTensorAccessRule>());
  Rules.push_back(std::make_unique<RangeForCopyRule>());
  std::sort(Rules.begin(), Rules.end(),
            [](const auto &A, const auto &B) { return A->id() < B->id(); });
  return Rules;
}

void RuleSet::handle(const TUContext &TU, FindingsSink &Sink) const {
  for (const auto &F : TU.functions())
    for (const auto &R : Rules)
      R->check(TU, *F, Sink);
}

} // namespace hotpath
