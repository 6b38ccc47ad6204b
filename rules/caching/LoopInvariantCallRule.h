//===- LoopInvariantCallRule.h - caching-loop-invariant-call ===//
#ifndef HOTPATH_RULES_LOOPINVARIANTCALLRULE_H
#define HOTPATH_RULES_LOOPINVARIANTCALLRULE_H

#include "rules/Rule.h"

namespace hotpath {

/// An expensive call whose receiver and arguments do not change in the loop.
/// Documented in docs/rules/caching-loop-invariant-call.md.
class LoopInvariantCallRule : public Rule {
public:
  LoopInvariantCallRule();
  llvm::StringRef summary() const override;
  void check(const TUContext &TU, const FunctionFacts &F,
             FindingsSink &Sink) const override;
  void checkPython(const py::PyContext &Ctx, const py::Function &F,
                   FindingsSink &Sink) const override;
};

} // namespace hotpath

#endif
