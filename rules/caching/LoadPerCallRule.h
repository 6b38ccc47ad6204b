//===- LoadPerCallRule.h - caching-load-per-call --------------------------===//
#ifndef HOTPATH_RULES_LOADPERCALLRULE_H
#define HOTPATH_RULES_LOADPERCALLRULE_H

#include "rules/Rule.h"

namespace hotpath {

/// A model or an index loaded inside a function that a loop elsewhere in the
/// analysed code calls: every call reloads it (interprocedural, through the
/// static call graph). Documented in docs/rules/caching-load-per-call.md.
class LoadPerCallRule : public Rule {
public:
  LoadPerCallRule();
  llvm::StringRef summary() const override;
  void check(const TUContext &TU, const FunctionFacts &F,
             FindingsSink &Sink) const override;
};

} // namespace hotpath

#endif
