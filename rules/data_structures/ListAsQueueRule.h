//===- ListAsQueueRule.h - data-structures-list-as-queue ------------------===//
#ifndef HOTPATH_RULES_LISTASQUEUERULE_H
#define HOTPATH_RULES_LISTASQUEUERULE_H

#include "rules/Rule.h"

namespace hotpath {

/// A Python list used as a queue in a loop: `q.pop(0)`, `q.insert(0, x)`,
/// `del q[0]` move every other element on each call. Python only (the C++
/// counterpart, `v.erase(v.begin())` on a vector, is not checked yet).
/// Documented in docs/rules/data-structures-list-as-queue.md.
class ListAsQueueRule : public Rule {
public:
  ListAsQueueRule();
  llvm::StringRef summary() const override;
  void check(const TUContext &TU, const FunctionFacts &F,
             FindingsSink &Sink) const override {}
  void checkPython(const py::PyContext &Ctx, const py::Function &F,
                   FindingsSink &Sink) const override;
};

} // namespace hotpath

#endif
