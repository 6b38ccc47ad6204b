//===- ReportUtil.cpp -----------------------------------------------------===//
#include "report/ReportUtil.h"
#include "model/EmbeddedFile.h"
#include "model/Names.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <map>
#include <tuple>

namespace hotpath {

const std::vector<EmbeddedFile> &embeddedRuleDocs();

double rounded(double V) { return std::round(V * 10000.0) / 10000.0; }

std::string percentText(const std::optional<double> &Fraction) {
  if (!Fraction)
    return "unmeasured";
  std::string Out;
  llvm::raw_string_ostream(Out) << llvm::format("%.1f%%", *Fraction * 100);
  return Out;
}

std::string speedupText(double Speedup) {
  std::string Out;
  llvm::raw_string_ostream(Out) << llvm::format("%.1fx", Speedup);
  return Out;
}

Level levelOf(const std::string &Priority) {
  if (Priority == "critical")
    return Level::Error;
  if (Priority == "high")
    return Level::Warning;
  return Level::Note;
}

std::vector<std::string> lineFingerprints(const Report &R) {
  std::map<std::tuple<std::string, std::string, std::string>, unsigned> Seen;
  std::vector<std::string> Out;
  for (const RankedFinding &F : R.Findings) {
    unsigned N = Seen[{F.F.RuleId, F.F.Location.File, F.F.LineHash}]++;
    Out.push_back(F.F.LineHash + ":" + std::to_string(N + 1));
  }
  return Out;
}

std::string ruleDocPath(const std::string &RuleId) {
  return "docs/rules/" + RuleId + ".md";
}

std::string ruleDocMarkdown(const std::string &RuleId) {
  for (const EmbeddedFile &F : embeddedRuleDocs())
    if (F.Name == RuleId + ".md")
      return F.Contents;
  return "";
}

std::vector<unsigned>
ranksInFunction(const std::vector<RankedFinding> &Findings,
                const std::string &ProfileName) {
  std::string Bare = withoutParameters(ProfileName);
  std::vector<unsigned> Ranks;
  for (const RankedFinding &F : Findings)
    if (withoutParameters(F.F.Function) == Bare)
      Ranks.push_back(F.Rank);
  return Ranks;
}

std::string rankLine(const RankedFinding &F) {
  std::string Out = "rank " + std::to_string(F.Rank) + ", " + F.Priority +
                    ", hot share " + percentText(F.HotFraction);
  if (F.EstimatedSaving)
    Out += ", estimated saving " + percentText(F.EstimatedSaving);
  return Out;
}

} // namespace hotpath
