//===- VectorReserveRule.h - micro-vector-reserve -------------------------===//
#ifndef HOTPATH_RULES_VECTORRESERVERULE_H
#define HOTPATH_RULES_VECTORRESERVERULE_H

#include "rules/Rule.h"

namespace hotpath {

/// A vector filled by push_back/emplace_back once per iteration of a loop
/// whose trip count is known before it starts, without a reserve.
/// Documented in docs/rules/micro-vector-reserve.md.
class VectorReserveRule : public Rule {
public:
  VectorReserveRule();
  llvm::StringRef summary() const override;
  void check(const TUContext &TU, const FunctionFacts &F,
             FindingsSink &Sink) const override;
};

} // namespace hotpath

#endif
