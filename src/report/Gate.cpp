//===- Gate.cpp -----------------------------------------------------------===//
#include "report/Gate.h"
#include "report/ReportUtil.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace hotpath {

namespace {
constexpr int BaselineVersion = 1;

BaselineKey keyOf(const RankedFinding &F) {
  return {F.F.RuleId, F.F.Location.File, F.F.Function, F.F.LineHash};
}
} // namespace

std::string writeBaseline(const std::vector<RankedFinding> &Findings) {
  Baseline Known;
  for (const RankedFinding &F : Findings)
    ++Known[keyOf(F)];
  nlohmann::ordered_json List = nlohmann::ordered_json::array();
  for (const auto &[K, N] : Known)
    List.push_back({{"rule", K.Rule},
                    {"file", K.File},
                    {"function", K.Function},
                    {"line_hash", K.LineHash},
                    {"count", N}});
  nlohmann::ordered_json Root = {{"hotpath_baseline", BaselineVersion},
                                 {"findings", List}};
  return jsonText(Root) + "\n";
}

llvm::Expected<Baseline> readBaseline(llvm::StringRef Text,
                                      llvm::StringRef Path) {
  auto Fail = [&](const std::string &What) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s: not a hotpath baseline: %s",
                                   Path.str().c_str(), What.c_str());
  };
  nlohmann::json Root = nlohmann::json::parse(Text.begin(), Text.end(), nullptr,
                                              /*allow_exceptions=*/false);
  if (Root.is_discarded())
    return Fail("invalid JSON");
  if (!Root.is_object() || !Root.contains("hotpath_baseline") ||
      !Root["hotpath_baseline"].is_number_integer())
    return Fail("no \"hotpath_baseline\" version (write one with "
                "--write-baseline)");
  if (Root["hotpath_baseline"].get<int>() != BaselineVersion)
    return Fail("version " + Root["hotpath_baseline"].dump() +
                ", this hotpath reads version " +
                std::to_string(BaselineVersion));
  if (!Root.contains("findings") || !Root["findings"].is_array())
    return Fail("\"findings\" must be an array");
  Baseline Known;
  size_t Index = 0;
  for (const nlohmann::json &E : Root["findings"]) {
    std::string At = "findings[" + std::to_string(Index++) + "]";
    for (const char *Field : {"rule", "file", "function", "line_hash"})
      if (!E.is_object() || !E.contains(Field) || !E[Field].is_string())
        return Fail(At + ": \"" + Field + "\" must be a string");
    if (!E.contains("count") || !E["count"].is_number_unsigned() ||
        E["count"].get<unsigned>() == 0)
      return Fail(At + ": \"count\" must be a positive integer");
    Known[{E["rule"], E["file"], E["function"], E["line_hash"]}] +=
        E["count"].get<unsigned>();
  }
  return Known;
}

unsigned applyBaseline(std::vector<RankedFinding> &Findings,
                       const Baseline &Known) {
  Baseline Left = Known;
  size_t Before = Findings.size();
  llvm::erase_if(Findings, [&](const RankedFinding &F) {
    auto It = Left.find(keyOf(F));
    if (It == Left.end() || It->second == 0)
      return false;
    --It->second;
    return true;
  });
  return Before - Findings.size();
}

ChangedLines parseUnifiedDiff(llvm::StringRef Diff) {
  ChangedLines Out;
  std::string File;
  while (!Diff.empty()) {
    llvm::StringRef Line;
    std::tie(Line, Diff) = Diff.split('\n');
    if (Line.startswith("+++ ")) {
      llvm::StringRef Path = Line.drop_front(4).rtrim("\r\t ");
      if (Path == "/dev/null")
        File.clear();
      else
        File = Path.startswith("b/") ? Path.drop_front(2).str() : Path.str();
      continue;
    }
    if (!Line.startswith("@@ ") || File.empty())
      continue;
    // @@ -a[,b] +c[,d] @@
    size_t Plus = Line.find(" +");
    if (Plus == llvm::StringRef::npos)
      continue;
    llvm::StringRef New = Line.drop_front(Plus + 2);
    New = New.take_until([](char C) { return C == ' '; });
    llvm::StringRef Start, Count;
    std::tie(Start, Count) = New.split(',');
    unsigned First = 0, N = 1;
    if (Start.getAsInteger(10, First) ||
        (!Count.empty() && Count.getAsInteger(10, N)))
      continue;
    for (unsigned L = First; L < First + N; ++L)
      Out[File].insert(L);
  }
  return Out;
}

unsigned keepChangedLines(std::vector<RankedFinding> &Findings,
                          const ChangedLines &Changed,
                          const std::string &Prefix) {
  size_t Before = Findings.size();
  llvm::erase_if(Findings, [&](const RankedFinding &F) {
    auto It = Changed.find(Prefix + F.F.Location.File);
    if (It == Changed.end())
      return true;
    unsigned End = std::max(F.F.Location.Line, F.F.Call.End);
    auto Hit = It->second.lower_bound(F.F.Location.Line);
    return Hit == It->second.end() || *Hit > End;
  });
  return Before - Findings.size();
}

std::optional<unsigned> priorityLevel(llvm::StringRef Priority) {
  if (Priority == "critical")
    return 3;
  if (Priority == "high")
    return 2;
  if (Priority == "low")
    return 1;
  return std::nullopt;
}

bool failsGate(const std::vector<RankedFinding> &Findings, unsigned Level) {
  for (const RankedFinding &F : Findings)
    if (priorityLevel(F.Priority).value_or(0) >= Level)
      return true;
  return false;
}

void renumber(std::vector<RankedFinding> &Findings) {
  unsigned Rank = 0;
  for (RankedFinding &F : Findings)
    F.Rank = ++Rank;
}

} // namespace hotpath
