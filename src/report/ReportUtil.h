//===- ReportUtil.h - What several output formats share -------------------===//
#ifndef HOTPATH_REPORT_REPORTUTIL_H
#define HOTPATH_REPORT_REPORTUTIL_H

#include "model/RankedFinding.h"

#include "llvm/ADT/StringRef.h"

#include <array>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace hotpath {

/// Rounds to 4 decimals so that machine-readable output is stable across
/// platforms' last-bit differences.
double rounded(double V);

/// "35.6%", or "unmeasured".
std::string percentText(const std::optional<double> &Fraction);
/// "10.0x".
std::string speedupText(double Speedup);

/// `Text` on one line: every run of whitespace (line breaks, tabs, spaces)
/// becomes one space, none at either end. Every format but json renders
/// text from code and rules through it, so a multi-line expression quoted
/// in a message never splits a diagnostic. Invalid UTF-8 becomes U+FFFD
/// (validUtf8()).
std::string oneLine(llvm::StringRef Text);

/// `Text` with every byte that is not part of valid UTF-8 (a stray byte, an
/// overlong form, a surrogate) replaced by U+FFFD.
std::string validUtf8(llvm::StringRef Text);

/// A JSON document as text, indented by two. Strings are
/// bytes from traces and sources: invalid UTF-8 is replaced by U+FFFD
/// (never an exception).
std::string jsonText(const nlohmann::json &J);
std::string jsonText(const nlohmann::ordered_json &J);

/// "2 compile errors" of a file, "1 syntax error" of a Python file.
std::string errorCountText(const IncompleteFile &I);
/// "1 compile error", "2 compile errors".
std::string compileErrorCount(unsigned N);
/// "1 compile error; results for FILE may be incomplete", with
/// " (first: ERROR)" when `WithFirstError` and the first error is known.
/// Every format says it in these words, at warning level.
std::string incompleteText(const IncompleteFile &I, bool WithFirstError);

/// The priority tiers in report order; "skip (cold)" is in "skip".
constexpr size_t NumPriorityTiers = 4;
constexpr const char *PriorityTiers[NumPriorityTiers] = {"critical", "high",
                                                         "low", "skip"};
/// The tier of a RankedFinding priority ("skip (cold)" -> "skip").
llvm::StringRef priorityTier(llvm::StringRef Priority);
/// Findings per tier, in PriorityTiers order.
std::array<unsigned, NumPriorityTiers>
tierCounts(const std::vector<RankedFinding> &Findings);

/// How loud a priority is in formats with three levels: critical -> error,
/// high -> warning, everything else (low, skip, skip (cold)) -> note.
enum class Level { Error, Warning, Note };
Level levelOf(const std::string &Priority);

/// Per finding, in report order: `lineHash:N`, N counting the findings of
/// the same rule, file and line hash before it (GitHub's
/// primaryLocationLineHash form; stable when lines shift).
std::vector<std::string> lineFingerprints(const Report &R);

/// The rule's documentation page in the repository ("docs/rules/ID.md").
std::string ruleDocPath(const std::string &RuleId);
/// The page's Markdown, compiled into the binary; empty when there is none.
std::string ruleDocMarkdown(const std::string &RuleId);

/// The ranks of the findings in the profile function `ProfileName` (names
/// compared without parameters: traces often print none), in report order.
std::vector<unsigned>
ranksInFunction(const std::vector<RankedFinding> &Findings,
                const std::string &ProfileName);

/// One line of a finding for summaries: "rank 1, critical, hot share 35.6%,
/// estimated saving 30.2%".
std::string rankLine(const RankedFinding &F);

/// The calls a trace counted for the finding, as evidence: "1500 calls from
/// search_all" (function evidence), "1500 hits" (a line's); empty when the
/// trace counts none.
std::string measuredCallsText(const RankedFinding &F);

} // namespace hotpath

#endif
