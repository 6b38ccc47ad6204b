//===- Suppressions.h - NOLINT comments, as clang-tidy reads them ---------===//
//
// `// NOLINT` silences findings on its line, `// NOLINTNEXTLINE` on the next
// line, and `// NOLINTBEGIN` ... `// NOLINTEND` on every line between. Each
// takes an optional list of rule globs: `// NOLINT(batching-*, micro-*)`.
// Without a list, every rule is silenced. A NOLINTEND closes the innermost
// open NOLINTBEGIN with the same list; a BEGIN or END without its partner is
// a problem that is reported and silences nothing.
//
//===----------------------------------------------------------------------===//
#ifndef HOTPATH_ANALYZER_SUPPRESSIONS_H
#define HOTPATH_ANALYZER_SUPPRESSIONS_H

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace hotpath {

class Suppressions {
public:
  /// Reads the NOLINT comments of one file's text; in a Python file also
  /// `# noqa` (every rule) and `# noqa: rule-id, …` (globs) on the line.
  explicit Suppressions(llvm::StringRef Text, bool Python = false);

  /// A finding of `RuleId` at `Line` (1-based) is silenced.
  bool suppresses(unsigned Line, llvm::StringRef RuleId) const;

  struct Problem {
    unsigned Line;
    std::string Message;
  };
  /// Unmatched NOLINTBEGIN / NOLINTEND comments, in line order.
  const std::vector<Problem> &problems() const { return Problems; }

private:
  struct Region {
    unsigned Begin, End;            ///< lines, inclusive
    std::vector<std::string> Globs; ///< empty: every rule
  };
  std::vector<Region> Regions;
  std::vector<Problem> Problems;
};

} // namespace hotpath

#endif
