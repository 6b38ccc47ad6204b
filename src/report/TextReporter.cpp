//===- TextReporter.cpp - Compiler-style output ---------------------------===//
//
//   src/a.cpp:42:17: warning: model call 'net->forward(x)' runs once per
//       item ... [batching-per-item-inference]
//   src/a.cpp:42:17: note: fix: collect the loop's inputs ...
//   src/a.cpp:42:17: note: rank 1: priority critical, batching, effort
//       medium, expected speedup 10.0x, hot share unmeasured
//
//===----------------------------------------------------------------------===//
#include "report/ReportUtil.h"
#include "report/Reporter.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <array>
#include <set>

namespace hotpath {

std::string renderText(const Report &R) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  for (const IncompleteFile &I : R.Incomplete)
    OS << I.File << ": warning: " << incompleteText(I, true) << "\n";
  for (const std::string &P : R.SuppressionProblems) {
    // "file:line: message"; the writer never assumes the shape.
    auto [Where, What] = llvm::StringRef(P).split(": ");
    OS << Where << ": warning: " << oneLine(What) << " [hotpath-nolint]\n";
  }
  for (const RankedFinding &F : R.Findings) {
    std::string Loc = F.F.Location.File + ":" +
                      std::to_string(F.F.Location.Line) + ":" +
                      std::to_string(F.F.Location.Column);
    OS << Loc << ": warning: " << oneLine(F.F.Message) << " [" << F.F.RuleId
       << "]\n";
    OS << Loc << ": note: fix: " << oneLine(F.F.FixHint) << "\n";
    OS << Loc << ": note: rank " << F.Rank << ": priority " << F.Priority
       << ", " << categoryId(F.F.Cat) << ", effort " << F.Effort
       << ", expected speedup " << llvm::format("%.1f", F.ExpectedSpeedup)
       << (F.PerItemFraction
               ? "x (calibrated; " + percentText(F.PerItemFraction) +
                     " of the call per-item work), "
           : F.Basis == RankedFinding::SpeedupBasis::Calibrated
               ? "x (calibrated), "
           : F.Basis == RankedFinding::SpeedupBasis::Rule ? "x (hoisted), "
                                                          : "x, ");
    if (F.HotFraction)
      OS << "hot share " << percentText(F.HotFraction) << " ("
         << evidenceId(F.Evid) << " evidence"
         << (F.MeasuredCalls ? ", " + measuredCallsText(F) : "") << ")";
    else
      OS << "hot share unmeasured ("
         << (R.Traces.empty() ? "no trace" : "not in the trace") << ")";
    if (F.EstimatedSaving)
      OS << ", estimated saving " << percentText(F.EstimatedSaving);
    OS << "\n";
  }
  std::set<std::string> Files;
  for (const RankedFinding &F : R.Findings)
    Files.insert(F.F.Location.File);
  OS << R.Findings.size() << " finding" << (R.Findings.size() == 1 ? "" : "s")
     << " in " << Files.size() << " file" << (Files.size() == 1 ? "" : "s")
     << " (" << R.FilesAnalysed << " analysed)";
  std::array<unsigned, NumPriorityTiers> ByTier = tierCounts(R.Findings);
  bool First = true;
  for (size_t T = 0; T < NumPriorityTiers; ++T)
    if (ByTier[T]) {
      OS << (First ? ": " : ", ") << ByTier[T] << " " << PriorityTiers[T];
      First = false;
    }
  if (R.Suppressed)
    OS << "; " << R.Suppressed << " suppressed by NOLINT";
  if (R.Baselined)
    OS << "; " << R.Baselined << " known from the baseline";
  if (!R.DiffBase.empty())
    OS << "; only lines changed since " << R.DiffBase;
  if (R.Traces.empty()) {
    OS << "; no trace given, ranked by priority, effort and location\n";
  } else {
    unsigned Measured = 0, Cold = 0;
    for (const RankedFinding &F : R.Findings) {
      Measured += F.HotFraction.has_value();
      Cold += F.Priority == "skip (cold)";
    }
    OS << "; ranked by estimated saving (" << Measured - Cold << " measured, "
       << Cold << " cold below " << percentText(R.ColdThreshold) << ", "
       << R.Findings.size() - Measured << " unmeasured)\n";
    OS << "profile: " << llvm::format("%.6g", R.ProfileTotal) << " "
       << R.ProfileUnit << " from";
    for (const TraceInfo &T : R.Traces)
      OS << " " << T.Path << " (" << T.Format << ")";
    OS << "; the findings' code took " << percentText(R.Covered) << " of it\n";
    OS << "estimated whole-program speedup if fixed: top 1: "
       << llvm::format("%.2fx", R.SpeedupTop1)
       << ", top 3: " << llvm::format("%.2fx", R.SpeedupTop3) << ", all "
       << R.Findings.size() << ": " << llvm::format("%.2fx", R.SpeedupAll)
       << "\n";
    if (!R.HotPath.empty()) {
      OS << "hot path:";
      for (const auto &[Name, Share] : R.HotPath) {
        size_t On = ranksInFunction(R.Findings, Name).size();
        OS << (&Name == &R.HotPath.front().first ? " " : " > ") << Name << " ("
           << percentText(Share) << ")";
        if (On)
          OS << " [" << On << " finding" << (On == 1 ? "" : "s") << "]";
      }
      OS << "\n";
    }
  }
  for (const std::string &W : R.Warnings)
    OS << "warning: " << oneLine(W) << "\n";
  if (!R.Incomplete.empty()) {
    size_t Unread = llvm::count_if(
        R.Incomplete, [](const IncompleteFile &I) { return I.unread(); });
    size_t Errors = R.Incomplete.size() - Unread;
    auto Files = [](size_t N) {
      return std::to_string(N) + (N == 1 ? " file" : " files");
    };
    OS << "results are partial: ";
    if (Errors)
      OS << Files(Errors) << " had compile errors" << (Unread ? ", " : "");
    if (Unread)
      OS << Files(Unread) << " could not be read";
    OS << "\n";
  }
  return Out;
}

} // namespace hotpath
