//===- PerItemTransferRule.h - batching-per-item-transfer ===//
#ifndef HOTPATH_RULES_PERITEMTRANSFERRULE_H
#define HOTPATH_RULES_PERITEMTRANSFERRULE_H

#include "rules/Rule.h"

namespace hotpath {

/// A host<->device tensor transfer of one item per loop iteration.
/// Documented in docs/rules/batching-per-item-transfer.md.
class PerItemTransferRule : public Rule {
public:
  PerItemTransferRule();
  llvm::StringRef summary() const override;
  void check(const TUContext &TU, const FunctionFacts &F,
             FindingsSink &Sink) const override;
  void checkPython(const py::PyContext &Ctx, const py::Function &F,
                   FindingsSink &Sink) const override;

private:
  /// A project helper the loop calls with one item, which moves it.
  void checkHelper(const TUContext &TU, const FunctionFacts &F,
                   const CallFact &C, FindingsSink &Sink) const;
};

} // namespace hotpath

#endif
