//===- QuadraticStringBuildRule.h - algorithmic-quadratic-string-build ----===//
#ifndef HOTPATH_RULES_QUADRATICSTRINGBUILDRULE_H
#define HOTPATH_RULES_QUADRATICSTRINGBUILDRULE_H

#include "rules/Rule.h"

namespace hotpath {

/// A string rebuilt from itself in a loop (`s = s + x`, `s = x + s`): every
/// iteration copies the whole string, so the loop is quadratic.
/// Documented in docs/rules/algorithmic-quadratic-string-build.md.
class QuadraticStringBuildRule : public Rule {
public:
  QuadraticStringBuildRule();
  llvm::StringRef summary() const override;
  void check(const TUContext &TU, const FunctionFacts &F,
             FindingsSink &Sink) const override;
  void checkPython(const py::PyContext &Ctx, const py::Function &F,
                   FindingsSink &Sink) const override;
};

} // namespace hotpath

#endif
