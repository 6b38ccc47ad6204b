//===- PerItemInferenceRule.h - batching-per-item-inference ===//
#ifndef HOTPATH_RULES_PERITEMINFERENCERULE_H
#define HOTPATH_RULES_PERITEMINFERENCERULE_H

#include "rules/Rule.h"

namespace hotpath {

/// A libtorch model called once per item inside a loop.
/// Documented in docs/rules/batching-per-item-inference.md.
class PerItemInferenceRule : public Rule {
public:
  PerItemInferenceRule();
  llvm::StringRef summary() const override;
  void check(const TUContext &TU, const FunctionFacts &F,
             FindingsSink &Sink) const override;
  void checkPython(const py::PyContext &Ctx, const py::Function &F,
                   FindingsSink &Sink) const override;

private:
  /// A project helper the loop calls with one item, which runs a model on
  /// it.
  void checkHelper(const TUContext &TU, const FunctionFacts &F,
                   const CallFact &C, FindingsSink &Sink) const;
};

} // namespace hotpath

#endif
