//===- OrderedLookupRule.h - data-structures-ordered-lookup ---------------===//
#ifndef HOTPATH_RULES_ORDEREDLOOKUPRULE_H
#define HOTPATH_RULES_ORDEREDLOOKUPRULE_H

#include "rules/Rule.h"

namespace hotpath {

/// Keyed lookups in a loop on a local std::map / std::set (or multi-)
/// whose order the function never uses: no iteration, no ordered query, the
/// container never leaves the function. A hash container answers the same
/// lookups without the tree walk.
/// Documented in docs/rules/data-structures-ordered-lookup.md.
class OrderedLookupRule : public Rule {
public:
  OrderedLookupRule();
  llvm::StringRef summary() const override;
  void check(const TUContext &TU, const FunctionFacts &F,
             FindingsSink &Sink) const override;
};

} // namespace hotpath

#endif
