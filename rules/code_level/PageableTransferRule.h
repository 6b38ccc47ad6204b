//===- PageableTransferRule.h - code-level-pageable-transfer --------------===//
#ifndef HOTPATH_RULES_PAGEABLETRANSFERRULE_H
#define HOTPATH_RULES_PAGEABLETRANSFERRULE_H

#include "rules/Rule.h"

namespace hotpath {

/// A host-to-device copy in a loop from pageable memory, without
/// pin_memory() or non_blocking: the copy is staged and synchronous.
/// Documented in docs/rules/code-level-pageable-transfer.md.
class PageableTransferRule : public Rule {
public:
  PageableTransferRule();
  llvm::StringRef summary() const override;
  void check(const TUContext &TU, const FunctionFacts &F,
             FindingsSink &Sink) const override;
  void checkPython(const py::PyContext &Ctx, const py::Function &F,
                   FindingsSink &Sink) const override;
};

} // namespace hotpath

#endif
