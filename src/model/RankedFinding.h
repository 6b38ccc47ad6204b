//===- RankedFinding.h - A finding with its rank and evidence -------------===//
#ifndef HOTPATH_MODEL_RANKEDFINDING_H
#define HOTPATH_MODEL_RANKEDFINDING_H

#include "model/Finding.h"
#include "model/ImportStats.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hotpath {

/// What a finding's hot share rests on (DESIGN.md "Attribution").
enum class Evidence { Line, Function, Operator, Unmeasured };
const char *evidenceId(Evidence E);

/// A finding as the reporters see it: ranked, with the priority-table data.
struct RankedFinding {
  Finding F;
  unsigned Rank = 0;
  /// "critical", "high", "low", "skip" or "skip (cold)".
  std::string Priority;
  /// "low", "medium", "high".
  std::string Effort;
  /// Share of total profiled time spent in the finding's code, when measured.
  std::optional<double> HotFraction;
  Evidence Evid = Evidence::Unmeasured;
  /// Calls of the flagged API the trace counted (Attribution::MeasuredCalls).
  std::optional<uint64_t> MeasuredCalls;
  /// The geometric mean of the fix's speedup range (what the estimate
  /// uses), and the range.
  double ExpectedSpeedup = 1.0;
  double SpeedupLow = 1.0;
  double SpeedupHigh = 1.0;
  /// What the speedup rests on: the category's row, the rule's own range
  /// (rules/priority.json "rules"), or a range the catalog calibrated for
  /// the flagged API.
  enum class SpeedupBasis { Category, Rule, Calibrated };
  SpeedupBasis Basis = SpeedupBasis::Category;
  /// Says where a rule or calibrated range comes from; empty for category.
  std::string SpeedupSource;
  /// Of the call's measured time, the part in per-item work that batching
  /// leaves as it is (Finding::PerItem); the speedup above is then the
  /// whole call's: 1 / (p + (1 - p) / rest).
  std::optional<double> PerItemFraction;
  /// Fraction of total run time a fix saves; only known when measured.
  std::optional<double> EstimatedSaving;
};

/// One imported trace, as reports describe it.
struct TraceInfo {
  std::string Path;
  std::string Format;
  double Total = 0;
  std::string Unit;
  ImportStats Stats;
  uint64_t Events = 0;
  /// The file ended early: its results are partial.
  bool Truncated = false;
};

/// A rule as reports describe it (SARIF's rule descriptors).
struct RuleInfo {
  std::string Id;
  Category Cat = Category::Micro;
  std::string Summary;
  /// The priority-table row of its category.
  std::string Priority;
  std::string Effort;
  double SpeedupLow = 1, SpeedupHigh = 1;
};

/// A box of the profile's flame graph as reports draw it: fractions of the
/// profile, and whether the function has findings.
struct FlameFrame {
  std::string Name;
  unsigned Depth = 1;
  double Start = 0;
  double Width = 0;
  /// Ranks of the findings in this function (empty: none).
  std::vector<unsigned> Ranks;
};

/// Everything a reporter needs: ranked findings plus run-level facts.
struct Report {
  std::string ToolVersion;
  /// Absolute project root (file paths in findings are relative to it).
  std::string ProjectRoot;
  /// The rules that ran, in id order.
  std::vector<RuleInfo> Rules;
  /// The merged profile's flame graph (empty without a trace or stacks).
  std::vector<FlameFrame> Flame;
  /// Findings hidden by --baseline.
  unsigned Baselined = 0;
  /// --diff REV: findings reported only on lines changed since REV.
  std::string DiffBase;
  std::vector<RankedFinding> Findings;
  std::vector<IncompleteFile> Incomplete;
  unsigned FilesAnalysed = 0;
  /// Traces given with --trace (empty: ranked without measurements).
  std::vector<TraceInfo> Traces;
  double ProfileTotal = 0;
  std::string ProfileUnit;
  double ColdThreshold = 0.01;
  /// Hot path of the merged profile: function name and inclusive share.
  std::vector<std::pair<std::string, double>> HotPath;
  /// Share of the profile the findings cover, and the estimated speedups if
  /// the top 1, top 3 and all fixes are applied.
  double Covered = 0;
  double SpeedupTop1 = 1, SpeedupTop3 = 1, SpeedupAll = 1;
  /// Run-level warnings ("a trace matches none of the analysed code").
  std::vector<std::string> Warnings;
  /// Findings NOLINT comments silenced, and the unmatched NOLINTBEGIN/END
  /// comments ("file:line: message").
  unsigned Suppressed = 0;
  std::vector<std::string> SuppressionProblems;
};

} // namespace hotpath

#endif
