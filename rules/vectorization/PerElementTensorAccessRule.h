//===- PerElementTensorAccessRule.h - vectorization-per-element-tensor-access //
#ifndef HOTPATH_RULES_PERELEMENTTENSORACCESSRULE_H
#define HOTPATH_RULES_PERELEMENTTENSORACCESSRULE_H

#include "rules/Rule.h"

namespace hotpath {

/// Single tensor elements read in a loop (`t[i].item<float>()`, `t[i][j]`,
/// `t.index({i, j})`): one dispatched operation per element where one
/// tensor operation would do the whole loop.
/// Documented in docs/rules/vectorization-per-element-tensor-access.md.
class PerElementTensorAccessRule : public Rule {
public:
  PerElementTensorAccessRule();
  llvm::StringRef summary() const override;
  void check(const TUContext &TU, const FunctionFacts &F,
             FindingsSink &Sink) const override;
  void checkPython(const py::PyContext &Ctx, const py::Function &F,
                   FindingsSink &Sink) const override;
};

} // namespace hotpath

#endif
