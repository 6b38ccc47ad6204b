//===- AllocationInLoopRule.h - caching-allocation-in-loop ----------------===//
#ifndef HOTPATH_RULES_ALLOCATIONINLOOPRULE_H
#define HOTPATH_RULES_ALLOCATIONINLOOPRULE_H

#include "rules/Rule.h"

namespace hotpath {

/// A tensor of a loop-invariant shape allocated on every iteration
/// (`torch::zeros({n})`) into a variable that does not outlive the
/// iteration: allocate once and reset it in place.
/// Documented in docs/rules/caching-allocation-in-loop.md.
class AllocationInLoopRule : public Rule {
public:
  AllocationInLoopRule();
  llvm::StringRef summary() const override;
  void check(const TUContext &TU, const FunctionFacts &F,
             FindingsSink &Sink) const override;
};

} // namespace hotpath

#endif
