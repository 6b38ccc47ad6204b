//===- Attribution.h - Measured time for each finding ---------------------===//
#ifndef HOTPATH_ATTRIBUTION_ATTRIBUTION_H
#define HOTPATH_ATTRIBUTION_ATTRIBUTION_H

#include "model/Finding.h"
#include "model/Names.h"
#include "model/Profile.h"
#include "model/RankedFinding.h"
#include "model/StaticCallGraph.h"

#include <optional>
#include <string>
#include <vector>

namespace hotpath {

/// The share of profiled time a finding's code took, and what it rests on.
struct Attribution {
  /// Share of the total; null when unmeasured.
  std::optional<double> HotFraction;
  Evidence Evid = Evidence::Unmeasured;
  /// Calls of the flagged API the trace counted (pstats' calls from the
  /// finding's function, line_profiler's hits of its line); null when the
  /// trace counts none.
  std::optional<uint64_t> MeasuredCalls;
  /// Of the call's measured time, the part in its per-item callees
  /// (Finding::PerItem), where the trace's stacks show them; null otherwise.
  std::optional<double> PerItemFraction;
};

/// Attributions in the order of the findings, plus what the run learned.
struct AttributionResult {
  std::vector<Attribution> PerFinding;
  /// Some frame of the profile is a function of the analysed code.
  bool TraceMatchesCode = false;
  /// The trace has none, but some finding's API operations are in it
  /// (operator evidence).
  bool TraceMatchesOperators = false;
};

/// Gives each finding its share of `P`'s total with the best evidence the
/// profile allows (DESIGN.md "Attribution"):
///  - line: the weight of samples whose stack has a frame of the finding's
///    function at a line of the flagged call;
///  - function: without lines, the weight of the calls the function makes
///    to the flagged API (profile call-graph edges), split between the
///    findings of the function that flag calls of the same API;
///  - a finding whose code the trace never sampled gets 0 (cold) when the
///    trace matches the analysed code at all;
///  - operator: a trace without any analysed function but with the
///    operations the flagged APIs run as (aten::* ops, FAISS calls) gives
///    each finding its group's time, split between the findings that share
///    the group; findings whose operations are absent stay unmeasured.
/// Functions match on the qualified name without parameters (perf's
/// demangled names have none), and on the file when the profile has one.
AttributionResult attribute(const std::vector<Finding> &Findings,
                            const StaticCallGraph &Graph, const Profile &P);

/// One path ends with the other, on component boundaries.
bool samePathSuffix(const std::string &A, const std::string &B);

} // namespace hotpath

#endif
