//===- FaissSingleQueryRule.h - batching-faiss-single-query ===//
#ifndef HOTPATH_RULES_FAISSSINGLEQUERYRULE_H
#define HOTPATH_RULES_FAISSSINGLEQUERYRULE_H

#include "rules/Rule.h"

namespace hotpath {

/// A FAISS index method called with one vector per loop iteration.
/// Documented in docs/rules/batching-faiss-single-query.md.
class FaissSingleQueryRule : public Rule {
public:
  FaissSingleQueryRule();
  llvm::StringRef summary() const override;
  void check(const TUContext &TU, const FunctionFacts &F,
             FindingsSink &Sink) const override;
  void checkPython(const py::PyContext &Ctx, const py::Function &F,
                   FindingsSink &Sink) const override;
};

} // namespace hotpath

#endif
