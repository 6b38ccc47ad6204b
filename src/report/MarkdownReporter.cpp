//===- MarkdownReporter.cpp - A pull-request comment ----------------------===//
//
// The top findings as a table (rank, location, rule, priority, hot share,
// estimated saving, fix), the profile summary and the hot path. Text from
// code and traces is escaped: Markdown punctuation gets a backslash, runs
// of whitespace and line breaks become one space (oneLine()), so a cell
// stays one cell and nothing renders as HTML.
//
//===----------------------------------------------------------------------===//
#include "report/ReportUtil.h"
#include "report/Reporter.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>

namespace hotpath {

namespace {

constexpr size_t MaxRows = 10;

std::string escapeMarkdown(const std::string &S) {
  std::string Out;
  for (char C : oneLine(S)) {
    if (std::string("\\`*_[]<>|#&!~").find(C) != std::string::npos) {
      Out += '\\';
      Out += C;
    } else
      Out += C;
  }
  return Out;
}

/// Inline code: paths and names read as written. The fence is longer than
/// any run of backticks inside; `|` keeps its table-cell escape (GitHub
/// tables split cells on it even in code); whitespace runs become a space.
std::string codeSpan(const std::string &S) {
  size_t Run = 0, Longest = 0;
  std::string Body;
  for (char C : oneLine(S)) {
    Run = C == '`' ? Run + 1 : 0;
    Longest = std::max(Longest, Run);
    if (C == '|')
      Body += "\\|";
    else
      Body += C;
  }
  std::string Fence(Longest + 1, '`');
  bool Pad = !Body.empty() && (Body.front() == '`' || Body.back() == '`');
  return Fence + (Pad ? " " : "") + Body + (Pad ? " " : "") + Fence;
}

} // namespace

std::string renderMarkdown(const Report &R) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  std::map<std::string, unsigned> ByPriority;
  for (const RankedFinding &F : R.Findings)
    ++ByPriority[F.Priority];
  OS << "## hotpath: " << R.Findings.size() << " finding"
     << (R.Findings.size() == 1 ? "" : "s");
  bool First = true;
  for (const char *T : {"critical", "high", "low", "skip", "skip (cold)"})
    if (ByPriority.count(T)) {
      OS << (First ? " (" : ", ") << ByPriority[T] << " " << T;
      First = false;
    }
  OS << (First ? "" : ")") << "\n\n";
  // A warning, as in every format, in the words of incompleteText(); at
  // most MaxRows files, like the table.
  for (size_t I = 0; I < R.Incomplete.size() && I < MaxRows; ++I) {
    const IncompleteFile &F = R.Incomplete[I];
    OS << "> **warning:** ";
    if (F.unread())
      OS << codeSpan(F.File) << " not analysed: " << codeSpan(F.FirstError);
    else
      OS << errorCountText(F) << "; results for " << codeSpan(F.File)
         << " may be incomplete";
    if (!F.unread() && !F.FirstError.empty())
      OS << " (first: " << codeSpan(F.FirstError) << ")";
    OS << "\n\n";
  }
  if (size_t More =
          R.Incomplete.size() > MaxRows ? R.Incomplete.size() - MaxRows : 0)
    OS << "> **warning:** " << More << " more file" << (More == 1 ? "" : "s")
       << " with compile errors or not read in the full report.\n\n";
  if (R.Traces.empty()) {
    OS << "No trace given: ranked by the priority table (no hot shares, no "
          "savings).\n\n";
  } else {
    OS << "Profile: " << llvm::format("%.6g", R.ProfileTotal) << " "
       << escapeMarkdown(R.ProfileUnit) << " from";
    for (const TraceInfo &T : R.Traces)
      OS << " " << codeSpan(T.Path) << " (" << escapeMarkdown(T.Format) << ")";
    OS << "; the findings' code took " << percentText(R.Covered)
       << " of it. Estimated whole-program speedup if fixed: top 1 "
       << llvm::format("%.2fx", R.SpeedupTop1) << ", top 3 "
       << llvm::format("%.2fx", R.SpeedupTop3) << ", all "
       << llvm::format("%.2fx", R.SpeedupAll) << ".\n\n";
  }
  if (!R.Findings.empty()) {
    OS << "| rank | location | rule | priority | hot share | estimated saving "
          "| fix |\n";
    OS << "|---:|---|---|---|---:|---:|---|\n";
    for (size_t I = 0; I < R.Findings.size() && I < MaxRows; ++I) {
      const RankedFinding &F = R.Findings[I];
      OS << "| " << F.Rank << " | "
         << codeSpan(F.F.Location.File + ":" +
                     std::to_string(F.F.Location.Line))
         << " | [" << escapeMarkdown(F.F.RuleId) << "]("
         << ruleDocPath(F.F.RuleId) << ") | " << escapeMarkdown(F.Priority)
         << " | " << percentText(F.HotFraction);
      if (F.HotFraction)
        OS << " (" << evidenceId(F.Evid)
           << (F.MeasuredCalls ? ", " + escapeMarkdown(measuredCallsText(F))
                               : "")
           << ")";
      OS << " | " << (F.EstimatedSaving ? percentText(F.EstimatedSaving) : "–")
         << " | " << escapeMarkdown(F.F.FixHint) << " |\n";
    }
    if (R.Findings.size() > MaxRows)
      OS << "\n"
         << R.Findings.size() - MaxRows << " more in the full report.\n";
    OS << "\n";
    OS << "<details><summary>What each finding is</summary>\n\n";
    for (size_t I = 0; I < R.Findings.size() && I < MaxRows; ++I) {
      const RankedFinding &F = R.Findings[I];
      OS << F.Rank << ". "
         << codeSpan(F.F.Location.File + ":" +
                     std::to_string(F.F.Location.Line))
         << ": " << escapeMarkdown(F.F.Message) << "\n";
    }
    OS << "\n</details>\n\n";
  }
  if (!R.HotPath.empty()) {
    OS << "**Hot path:** ";
    for (const auto &[Name, Share] : R.HotPath) {
      size_t On = ranksInFunction(R.Findings, Name).size();
      OS << (&Name == &R.HotPath.front().first ? "" : " → ") << codeSpan(Name)
         << " (" << percentText(Share) << ")";
      if (On)
        OS << " **[" << On << " finding" << (On == 1 ? "" : "s") << "]**";
    }
    OS << "\n\n";
  }
  for (const std::string &W : R.Warnings)
    OS << "> warning: " << escapeMarkdown(W) << "\n\n";
  if (R.Baselined)
    OS << R.Baselined << " known finding" << (R.Baselined == 1 ? "" : "s")
       << " hidden by the baseline.\n\n";
  if (!R.DiffBase.empty())
    OS << "Only findings on lines changed since " << escapeMarkdown(R.DiffBase)
       << " are shown.\n\n";
  OS << "<sub>hotpath " << escapeMarkdown(R.ToolVersion) << " · ranked by "
     << (R.Traces.empty() ? "priority" : "estimated saving") << "</sub>\n";
  return Out;
}

} // namespace hotpath
