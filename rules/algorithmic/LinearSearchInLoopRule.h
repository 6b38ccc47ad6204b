//===- LinearSearchInLoopRule.h - algorithmic-linear-search-in-loop -------===//
#ifndef HOTPATH_RULES_LINEARSEARCHINLOOPRULE_H
#define HOTPATH_RULES_LINEARSEARCHINLOOPRULE_H

#include "rules/Rule.h"

namespace hotpath {

/// A membership test that scans a sequence container for every item of a
/// loop (std::find, std::count, std::ranges::find, std::any_of with an
/// equality lambda, or a hand-written inner loop): O(n·m) where a hash set
/// built once gives O(n + m).
/// Documented in docs/rules/algorithmic-linear-search-in-loop.md.
class LinearSearchInLoopRule : public Rule {
public:
  /// Containers of at most `MaxTinySize` fixed elements are not flagged
  /// (option MaxTinySize, default 8).
  explicit LinearSearchInLoopRule(unsigned MaxTinySize = 8);
  llvm::StringRef summary() const override;
  void check(const TUContext &TU, const FunctionFacts &F,
             FindingsSink &Sink) const override;
  void checkPython(const py::PyContext &Ctx, const py::Function &F,
                   FindingsSink &Sink) const override;

private:
  unsigned MaxTinySize;
};

} // namespace hotpath

#endif
