//===- MergeResults.h - One analysis from the results of every TU ---------===//
#ifndef HOTPATH_ANALYZER_MERGERESULTS_H
#define HOTPATH_ANALYZER_MERGERESULTS_H

#include "analyzer/Frontend.h"
#include "analyzer/ResultCache.h"

#include <string>
#include <vector>

namespace hotpath {

/// Merges the TUs' results (fresh or cached alike): the call graph, the
/// findings, the cross-TU findings that hold (expensive callees, loops
/// calling a function, unguarded paths from `EntryPoints`), one copy of
/// each finding a header yields in several TUs, then NOLINT suppression.
AnalysisResult mergeResults(std::vector<TUResult> &Results,
                            const std::string &Root,
                            const std::vector<std::string> &EntryPoints);

/// Adds `Other` (another frontend's result over the same project) to
/// `Into`: findings, partial files and counts; findings stay sorted.
void mergeInto(AnalysisResult &Into, AnalysisResult Other);

} // namespace hotpath

#endif
