//===- Ranking.h - Order findings by what fixing them is worth ------------===//
#ifndef HOTPATH_RANKING_RANKING_H
#define HOTPATH_RANKING_RANKING_H

#include "attribution/Attribution.h"
#include "model/Finding.h"
#include "model/RankedFinding.h"
#include "ranking/PriorityTable.h"

#include <vector>

namespace hotpath {

/// Ranks findings without measurements: priority tier, then effort (low
/// first), then file, line, column and rule id. Every finding gets the
/// priority-table data and evidence "unmeasured".
std::vector<RankedFinding> rankUnmeasured(std::vector<Finding> Findings,
                                          const PriorityTable &Table);

/// Ranks findings with their attributions (DESIGN.md "Ranking"):
/// estimated_saving = f * (1 - 1/s); measured findings by saving
/// (descending), then unmeasured ones by tier and effort, then cold ones
/// (f below `ColdThreshold`) with priority "skip (cold)". Ties break by
/// file, line, column and rule: the order is total.
std::vector<RankedFinding> rankMeasured(std::vector<Finding> Findings,
                                        const std::vector<Attribution> &A,
                                        const PriorityTable &Table,
                                        double ColdThreshold);

/// Whole-program speedup if the first `K` findings (in rank order) are
/// fixed: 1 / (1 - sum of savings), one saving per code region (file and
/// loop), the largest. K = 0: all.
double speedupIfFixed(const std::vector<RankedFinding> &Ranked, size_t K);
/// Share of the profile the measured findings' regions cover.
double coveredShare(const std::vector<RankedFinding> &Ranked);

} // namespace hotpath

#endif
