//===- RangeForCopyRule.h - micro-range-for-copy --------------------------===//
#ifndef HOTPATH_RULES_RANGEFORCOPYRULE_H
#define HOTPATH_RULES_RANGEFORCOPYRULE_H

#include "rules/Rule.h"

namespace hotpath {

/// A range-for that copies each element of a type that is expensive to copy
/// and never modifies the copy: `const auto &` would do.
/// Documented in docs/rules/micro-range-for-copy.md.
class RangeForCopyRule : public Rule {
public:
  RangeForCopyRule();
  llvm::StringRef summary() const override;
  void check(const TUContext &TU, const FunctionFacts &F,
             FindingsSink &Sink) const override;
};

} // namespace hotpath

#endif
