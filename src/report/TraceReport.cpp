//===- TraceReport.cpp ----------------------------------------------------===//
#include "report/TraceReport.h"
#include "report/ReportUtil.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace hotpath {

namespace {

double share(double W, double Total) { return Total > 0 ? W / Total : 0; }
double sixDigits(double V) { return std::round(V * 1e6) / 1e6; }
/// A count the trace states, or null when it counts none.
nlohmann::ordered_json count(uint64_t N) {
  return N ? nlohmann::ordered_json(N) : nlohmann::ordered_json(nullptr);
}

/// Function ids sorted by a weight, descending; ties by name.
std::vector<FunctionId> sortedBy(const Profile &P, bool Inclusive) {
  std::vector<FunctionId> Ids(P.functions().size());
  std::iota(Ids.begin(), Ids.end(), 0);
  auto W = [&](FunctionId F) {
    return Inclusive ? P.functions()[F].W.Inclusive : P.functions()[F].W.Self;
  };
  std::sort(Ids.begin(), Ids.end(), [&](FunctionId A, FunctionId B) {
    if (W(A) != W(B))
      return W(A) > W(B);
    return P.functions()[A].Name < P.functions()[B].Name;
  });
  return Ids;
}

std::vector<std::pair<std::pair<FunctionId, unsigned>, Weights>>
sortedLines(const Profile &P) {
  std::vector<std::pair<std::pair<FunctionId, unsigned>, Weights>> L(
      P.lines().begin(), P.lines().end());
  std::sort(L.begin(), L.end(), [&](const auto &A, const auto &B) {
    if (A.second.Inclusive != B.second.Inclusive)
      return A.second.Inclusive > B.second.Inclusive;
    return A.first < B.first;
  });
  return L;
}

std::string where(const ProfileFunction &F) {
  return F.File.empty() ? F.Dso : F.File;
}

} // namespace

std::string renderTraceText(const std::vector<TraceInfo> &Sources,
                            const Profile &P, unsigned Top) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  for (const TraceInfo &S : Sources)
    OS << S.Path << ": " << S.Format << ", total "
       << llvm::format("%.6g", S.Total) << " " << S.Unit << ", " << S.Events
       << " events" << (S.Truncated ? " (truncated: results are partial)" : "")
       << "\n";
  double Total = P.total();
  OS << "\nhottest functions by inclusive share:\n";
  OS << "  inclusive      self  function\n";
  auto Row = [&](FunctionId F) {
    const ProfileFunction &PF = P.functions()[F];
    OS << llvm::format("  %8.2f%%  %7.2f%%  ",
                       share(PF.W.Inclusive, Total) * 100,
                       share(PF.W.Self, Total) * 100)
       << PF.Name;
    if (!where(PF).empty())
      OS << "  [" << where(PF) << "]";
    if (PF.W.Calls)
      OS << "  " << PF.W.Calls << (PF.W.Calls == 1 ? " call" : " calls");
    OS << "\n";
  };
  std::vector<FunctionId> ByInc = sortedBy(P, true);
  for (size_t I = 0; I < ByInc.size() && I < Top; ++I)
    Row(ByInc[I]);
  OS << "\nhottest functions by self share:\n";
  OS << "  inclusive      self  function\n";
  std::vector<FunctionId> BySelf = sortedBy(P, false);
  for (size_t I = 0; I < BySelf.size() && I < Top; ++I)
    Row(BySelf[I]);
  OS << "\nhot path:\n";
  for (const auto &[F, W] : P.hotPath())
    OS << llvm::format("  %8.2f%%  ", share(W, Total) * 100)
       << P.functions()[F].Name << "\n";
  auto Lines = sortedLines(P);
  OS << "\nhottest source lines:\n";
  if (Lines.empty())
    OS << "  (the trace has no source lines)\n";
  for (size_t I = 0; I < Lines.size() && I < Top; ++I) {
    const ProfileFunction &PF = P.functions()[Lines[I].first.first];
    OS << llvm::format("  %8.2f%%  %7.2f%%  ",
                       share(Lines[I].second.Inclusive, Total) * 100,
                       share(Lines[I].second.Self, Total) * 100)
       << where(PF) << ":" << Lines[I].first.second << "  (" << PF.Name << ")";
    if (uint64_t N = Lines[I].second.Calls)
      OS << "  " << N << (N == 1 ? " hit" : " hits");
    OS << "\n";
  }
  OS << "\nimport problems:\n";
  bool Any = false;
  for (Severity Sev : {Severity::DataLoss, Severity::Error, Severity::Info})
    for (const TraceInfo &S : Sources)
      for (const auto &[Key, E] : S.Stats.entries())
        if (Key.first == Sev) {
          Any = true;
          OS << "  " << severityName(Sev) << ": " << Key.second << ": "
             << E.Count;
          if (!E.FirstAt.empty())
            OS << " (first at " << E.FirstAt << ")";
          OS << "  [" << S.Path << "]\n";
        }
  if (!Any)
    OS << "  none\n";
  return Out;
}

std::string renderTraceJson(const std::vector<TraceInfo> &Sources,
                            const Profile &P, std::optional<unsigned> Top) {
  // Machine readers get everything unless they ask for less.
  const size_t Rows = Top ? *Top : std::numeric_limits<size_t>::max();
  using Json = nlohmann::ordered_json;
  Json Root;
  Root["traces"] = Json::array();
  for (const TraceInfo &S : Sources) {
    Json Stats = Json::array();
    for (const auto &[Key, E] : S.Stats.entries())
      Stats.push_back({{"severity", severityName(Key.first)},
                       {"kind", Key.second},
                       {"count", E.Count},
                       {"first_at", E.FirstAt}});
    Root["traces"].push_back({{"path", S.Path},
                              {"format", S.Format},
                              {"total", sixDigits(S.Total)},
                              {"unit", S.Unit},
                              {"events", S.Events},
                              {"truncated", S.Truncated},
                              {"stats", Stats}});
  }
  double Total = P.total();
  Json Functions = Json::array();
  std::vector<FunctionId> ByInc = sortedBy(P, true);
  for (size_t I = 0; I < ByInc.size() && I < Rows; ++I) {
    const ProfileFunction &F = P.functions()[ByInc[I]];
    Functions.push_back(
        {{"name", F.Name},
         {"file", where(F)},
         {"line", F.FirstLine},
         {"self", sixDigits(F.W.Self)},
         {"inclusive", sixDigits(F.W.Inclusive)},
         {"self_fraction", sixDigits(share(F.W.Self, Total))},
         {"inclusive_fraction", sixDigits(share(F.W.Inclusive, Total))},
         {"calls", count(F.W.Calls)}});
  }
  Root["functions"] = Functions;
  Json Path = Json::array();
  for (const auto &[F, W] : P.hotPath())
    Path.push_back({{"name", P.functions()[F].Name},
                    {"inclusive", sixDigits(W)},
                    {"inclusive_fraction", sixDigits(share(W, Total))}});
  Root["hot_path"] = Path;
  Json Lines = Json::array();
  auto L = sortedLines(P);
  for (size_t I = 0; I < L.size() && I < Rows; ++I)
    Lines.push_back(
        {{"file", where(P.functions()[L[I].first.first])},
         {"line", L[I].first.second},
         {"self", sixDigits(L[I].second.Self)},
         {"inclusive", sixDigits(L[I].second.Inclusive)},
         {"inclusive_fraction", sixDigits(share(L[I].second.Inclusive, Total))},
         {"hits", count(L[I].second.Calls)}});
  Root["lines"] = Lines;
  return jsonText(Root) + "\n";
}

} // namespace hotpath
