//===- PriorityTable.h - rules/priority.json ------------------------------===//
#ifndef HOTPATH_RANKING_PRIORITYTABLE_H
#define HOTPATH_RANKING_PRIORITYTABLE_H

#include "model/Finding.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <map>
#include <optional>
#include <string>

namespace hotpath {

/// One row of the priority table.
struct CategoryPriority {
  double SpeedupLow = 1.0;
  double SpeedupHigh = 1.0;
  std::string Effort;   ///< low | medium | high
  std::string Priority; ///< critical | high | low | skip
  /// Geometric mean of the typical speedup range (DESIGN.md "Ranking";
  /// docs/ranking.md compares it with the low end).
  double expectedSpeedup() const;
};

/// The priority table: one row per category.
class PriorityTable {
public:
  /// The table shipped in rules/priority.json (embedded at build time).
  static llvm::Expected<PriorityTable> loadBuiltin();
  /// Parses a table document; every category must have a valid row.
  static llvm::Expected<PriorityTable> parse(llvm::StringRef Json,
                                             llvm::StringRef Origin);
  const CategoryPriority &row(Category C) const { return Rows.at(C); }

  /// critical < high < low < skip.
  static int tierOrder(llvm::StringRef Priority);
  /// low < medium < high.
  static int effortOrder(llvm::StringRef Effort);
  /// Replaces fields of a category's row (the configuration's Priorities).
  void overrideRow(Category C, std::optional<std::pair<double, double>> Speedup,
                   std::optional<std::string> Effort,
                   std::optional<std::string> Priority);
  /// A rule whose fix has its own speedup range (the "rules" object), or
  /// null: the category's row applies.
  const SpeedupRange *ruleSpeedup(llvm::StringRef RuleId) const;

private:
  std::map<Category, CategoryPriority> Rows;
  std::map<std::string, SpeedupRange> RuleSpeedups;
};

} // namespace hotpath

#endif
