//===- MissingInferenceModeRule.h - code-level-missing-inference-mode -----===//
#ifndef HOTPATH_RULES_MISSINGINFERENCEMODERULE_H
#define HOTPATH_RULES_MISSINGINFERENCEMODERULE_H

#include "rules/Rule.h"

namespace hotpath {

/// A model call reachable from an entry point with no torch::InferenceMode
/// or NoGradGuard in scope anywhere on the path: autograd records every op.
/// Documented in docs/rules/code-level-missing-inference-mode.md.
class MissingInferenceModeRule : public Rule {
public:
  MissingInferenceModeRule();
  llvm::StringRef summary() const override;
  void check(const TUContext &TU, const FunctionFacts &F,
             FindingsSink &Sink) const override;
  void checkPythonFile(const py::PyContext &Ctx,
                       FindingsSink &Sink) const override;
};

} // namespace hotpath

#endif
