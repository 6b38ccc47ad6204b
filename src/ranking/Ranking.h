//===- Ranking.h - Order findings by what fixing them is worth ------------===//
#ifndef HOTPATH_RANKING_RANKING_H
#define HOTPATH_RANKING_RANKING_H

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

} // namespace hotpath

#endif
