//===- Gate.h - What a lint step keeps: baseline, diff, fail-on -----------===//
#ifndef HOTPATH_REPORT_GATE_H
#define HOTPATH_REPORT_GATE_H

#include "model/RankedFinding.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hotpath {

/// A finding's identity in a baseline: rule, file, function and the hash of
/// its normalized source line. Line numbers are not part of it, so edits
/// that only shift lines keep a known finding known.
struct BaselineKey {
  std::string Rule, File, Function, LineHash;
  friend bool operator<(const BaselineKey &A, const BaselineKey &B) {
    return std::tie(A.Rule, A.File, A.Function, A.LineHash) <
           std::tie(B.Rule, B.File, B.Function, B.LineHash);
  }
};

/// Known findings, each key with how many times it occurs.
using Baseline = std::map<BaselineKey, unsigned>;

/// The baseline file of the findings (JSON, docs/ci.md).
std::string writeBaseline(const std::vector<RankedFinding> &Findings);
/// Reads a baseline file; errors name the file and what is wrong.
llvm::Expected<Baseline> readBaseline(llvm::StringRef Text,
                                      llvm::StringRef Path);
/// Removes the findings the baseline knows (each entry hides as many
/// findings as it counts, the highest ranked first) and returns how many.
unsigned applyBaseline(std::vector<RankedFinding> &Findings,
                       const Baseline &Known);

/// Lines added or changed per file (paths as the diff names them,
/// relative to the repository's top level).
using ChangedLines = std::map<std::string, std::set<unsigned>>;
/// Parses `git diff --unified=0` output: the new side's lines of every hunk
/// (deleted files and pure deletions add no line).
ChangedLines parseUnifiedDiff(llvm::StringRef Diff);
/// Keeps the findings with a line of their call (Location.Line..Call.End)
/// among the changed lines; `Prefix` turns a finding's project-relative
/// file into the diff's repository-relative path.
unsigned keepChangedLines(std::vector<RankedFinding> &Findings,
                          const ChangedLines &Changed,
                          const std::string &Prefix);

/// --fail-on: "critical", "high" or "low"; std::nullopt for other values.
std::optional<unsigned> priorityLevel(llvm::StringRef Priority);
/// A finding at or above the level is left (skip and skip (cold) are
/// below every level).
bool failsGate(const std::vector<RankedFinding> &Findings, unsigned Level);

/// After removing findings: ranks 1..n again, in the same order.
void renumber(std::vector<RankedFinding> &Findings);

} // namespace hotpath

#endif
