//===- PerItemTensorBuildRule.h - vectorization-per-item-tensor-build -----===//
#ifndef HOTPATH_RULES_PERITEMTENSORBUILDRULE_H
#define HOTPATH_RULES_PERITEMTENSORBUILDRULE_H

#include "rules/Rule.h"

namespace hotpath {

/// A tensor made from each item of a loop (`torch.tensor(row)`,
/// `torch.from_numpy(a)`) only to be stacked into one after it: one
/// allocation, one copy and one Python-to-tensor conversion per item where
/// one for the whole list would do. Python only.
/// Documented in docs/rules/vectorization-per-item-tensor-build.md.
class PerItemTensorBuildRule : public Rule {
public:
  PerItemTensorBuildRule();
  llvm::StringRef summary() const override;
  void check(const TUContext &TU, const FunctionFacts &F,
             FindingsSink &Sink) const override {}
  void checkPython(const py::PyContext &Ctx, const py::Function &F,
                   FindingsSink &Sink) const override;
};

} // namespace hotpath

#endif
