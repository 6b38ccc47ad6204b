//===- LoopInvariantTransferRule.h - caching-loop-invariant-transfer ===//
#ifndef HOTPATH_RULES_LOOPINVARIANTTRANSFERRULE_H
#define HOTPATH_RULES_LOOPINVARIANTTRANSFERRULE_H

#include "rules/Rule.h"

namespace hotpath {

/// A device transfer of a tensor that does not change in the loop.
/// Documented in docs/rules/caching-loop-invariant-transfer.md.
class LoopInvariantTransferRule : public Rule {
public:
  LoopInvariantTransferRule();
  llvm::StringRef summary() const override;
  void check(const TUContext &TU, const FunctionFacts &F,
             FindingsSink &Sink) const override;
  void checkPython(const py::PyContext &Ctx, const py::Function &F,
                   FindingsSink &Sink) const override;
};

} // namespace hotpath

#endif
