//===- DataLoaderWorkersRule.h - code-level-dataloader-workers ------------===//
#ifndef HOTPATH_RULES_DATALOADERWORKERSRULE_H
#define HOTPATH_RULES_DATALOADERWORKERSRULE_H

#include "rules/Rule.h"

namespace hotpath {

/// A training loop fed by a `torch.utils.data.DataLoader` with
/// `num_workers=0` (the default): every batch is read and collated in the
/// training process, between steps. Python only (libtorch's C++ DataLoader
/// has `workers` in its options and is not checked yet).
/// Documented in docs/rules/code-level-dataloader-workers.md.
class DataLoaderWorkersRule : public Rule {
public:
  DataLoaderWorkersRule();
  llvm::StringRef summary() const override;
  void check(const TUContext &TU, const FunctionFacts &F,
             FindingsSink &Sink) const override {}
  void checkPython(const py::PyContext &Ctx, const py::Function &F,
                   FindingsSink &Sink) const override;
};

} // namespace hotpath

#endif
