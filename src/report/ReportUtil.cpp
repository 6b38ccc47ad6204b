//===- ReportUtil.cpp -----------------------------------------------------===//
#include "report/ReportUtil.h"

#include "model/EmbeddedFile.h"
#include "model/Names.h"
#include "llvm/Support/Path.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
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

std::string validUtf8(llvm::StringRef Text) {
  std::string Out;
  Out.reserve(Text.size());
  const auto *P = reinterpret_cast<const unsigned char *>(Text.data());
  const unsigned char *End = P + Text.size();
  while (P < End) {
    unsigned char C = *P;
    unsigned Len = C < 0x80         ? 1
                   : (C >> 5) == 6  ? 2
                   : (C >> 4) == 14 ? 3
                   : (C >> 3) == 30 ? 4
                                    : 0;
    bool Ok = Len != 0 && P + Len <= End;
    uint32_t Code = Len == 1   ? C
                    : Len == 2 ? C & 0x1f
                    : Len == 3 ? C & 0x0f
                               : C & 0x07;
    for (unsigned I = 1; Ok && I < Len; ++I) {
      Ok = (P[I] >> 6) == 2;
      Code = (Code << 6) | (P[I] & 0x3f);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are
    // invalid too.
    if (Ok && Len > 1)
      Ok = !(Len == 2 && Code < 0x80) && !(Len == 3 && Code < 0x800) &&
           !(Len == 4 && Code < 0x10000) &&
           !(Code >= 0xD800 && Code <= 0xDFFF) && Code <= 0x10FFFF;
    if (Ok) {
      Out.append(reinterpret_cast<const char *>(P), Len);
      P += Len;
    } else {
      Out += "\xEF\xBF\xBD"; // U+FFFD
      ++P;
    }
  }
  return Out;
}

std::string oneLine(llvm::StringRef Text) {
  std::string Out;
  bool Space = false;
  for (char C : validUtf8(Text)) {
    if (llvm::isSpace(C)) {
      Space = !Out.empty();
      continue;
    }
    if (Space)
      Out += ' ';
    Space = false;
    Out += C;
  }
  return Out;
}

std::string compileErrorCount(unsigned N) {
  return std::to_string(N) + (N == 1 ? " compile error" : " compile errors");
}

std::string errorCountText(const IncompleteFile &I) {
  llvm::StringRef Ext = llvm::sys::path::extension(I.File);
  if (Ext == ".py" || Ext == ".pyi")
    return std::to_string(I.CompileErrors) +
           (I.CompileErrors == 1 ? " syntax error" : " syntax errors");
  return compileErrorCount(I.CompileErrors);
}

std::string incompleteText(const IncompleteFile &I, bool WithFirstError) {
  if (I.unread())
    return "not analysed: " + oneLine(I.FirstError);
  std::string Out =
      errorCountText(I) + "; results for " + I.File + " may be incomplete";
  if (WithFirstError && !I.FirstError.empty())
    Out += " (first: " + oneLine(I.FirstError) + ")";
  return Out;
}

llvm::StringRef priorityTier(llvm::StringRef Priority) {
  return Priority.startswith("skip") ? "skip" : Priority;
}

std::array<unsigned, NumPriorityTiers>
tierCounts(const std::vector<RankedFinding> &Findings) {
  std::array<unsigned, NumPriorityTiers> Counts{};
  for (const RankedFinding &F : Findings)
    for (size_t T = 0; T < NumPriorityTiers; ++T)
      Counts[T] += priorityTier(F.Priority) == PriorityTiers[T];
  return Counts;
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

std::string measuredCallsText(const RankedFinding &F) {
  if (!F.MeasuredCalls)
    return "";
  uint64_t N = *F.MeasuredCalls;
  if (F.Evid == Evidence::Line)
    return std::to_string(N) + (N == 1 ? " hit" : " hits");
  return std::to_string(N) + (N == 1 ? " call" : " calls") + " from " +
         F.F.Function;
}

std::string rankLine(const RankedFinding &F) {
  std::string Out = "rank " + std::to_string(F.Rank) + ", " + F.Priority +
                    ", hot share " + percentText(F.HotFraction);
  if (F.MeasuredCalls)
    Out += " (" + measuredCallsText(F) + ")";
  if (F.EstimatedSaving)
    Out += ", estimated saving " + percentText(F.EstimatedSaving);
  return Out;
}

std::string jsonText(const nlohmann::json &J) {
  return J.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string jsonText(const nlohmann::ordered_json &J) {
  return J.dump(2, ' ', false,
                nlohmann::ordered_json::error_handler_t::replace);
}

} // namespace hotpath
