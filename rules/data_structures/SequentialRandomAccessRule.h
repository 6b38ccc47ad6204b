//===- SequentialRandomAccessRule.h - data-structures-random-access -------===//
#ifndef HOTPATH_RULES_SEQUENTIALRANDOMACCESSRULE_H
#define HOTPATH_RULES_SEQUENTIALRANDOMACCESSRULE_H

#include "rules/Rule.h"

namespace hotpath {

/// Indexed access in a loop to a container that is not built for it: a
/// std::list walked from its start to the i-th node (std::next, std::advance)
/// or a std::deque read by index.
/// Documented in docs/rules/data-structures-random-access.md.
class SequentialRandomAccessRule : public Rule {
public:
  SequentialRandomAccessRule();
  llvm::StringRef summary() const override;
  void check(const TUContext &TU, const FunctionFacts &F,
             FindingsSink &Sink) const override;
};

} // namespace hotpath

#endif
