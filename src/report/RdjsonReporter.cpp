//===- RdjsonReporter.cpp - reviewdog's rdjson DiagnosticResult -----------===//
//
// Positions are 1-based; a diagnostic's range has its start only (reviewdog
// reads a missing end as the start). Fix-its with line/column positions are
// suggestions (end exclusive, byte columns), which reviewdog posts as
// suggested changes.
//
//===----------------------------------------------------------------------===//
#include "report/ReportUtil.h"
#include "report/Reporter.h"

#include <nlohmann/json.hpp>

namespace hotpath {

std::string renderRdjson(const Report &R) {
  using Json = nlohmann::ordered_json;
  Json Diagnostics = Json::array();
  for (const IncompleteFile &I : R.Incomplete)
    Diagnostics.push_back({{"message", incompleteText(I, true)},
                           {"location", {{"path", I.File}}},
                           {"severity", "WARNING"},
                           {"source", {{"name", "hotpath"}}}});
  for (const RankedFinding &F : R.Findings) {
    Level L = levelOf(F.Priority);
    Diagnostics.push_back(
        {{"message", oneLine(F.F.Message) + "\nFix: " + oneLine(F.F.FixHint) +
                         "\n" + rankLine(F)},
         {"location",
          {{"path", F.F.Location.File},
           {"range",
            {{"start",
              {{"line", F.F.Location.Line},
               {"column", F.F.Location.Column}}}}}}},
         {"severity", L == Level::Error     ? "ERROR"
                      : L == Level::Warning ? "WARNING"
                                            : "INFO"},
         {"source", {{"name", "hotpath"}}},
         {"code", {{"value", F.F.RuleId}, {"url", ruleDocPath(F.F.RuleId)}}}});
    Json Suggestions = Json::array();
    for (const Replacement &Rep : F.F.FixIts)
      if (Rep.Line && Rep.EndLine)
        Suggestions.push_back(
            {{"range",
              {{"start", {{"line", Rep.Line}, {"column", Rep.Column}}},
               {"end", {{"line", Rep.EndLine}, {"column", Rep.EndColumn}}}}},
             {"text", Rep.Text}});
    if (!Suggestions.empty())
      Diagnostics.back()["suggestions"] = std::move(Suggestions);
  }
  Json Root = {{"source", {{"name", "hotpath"}}}, {"diagnostics", Diagnostics}};
  return jsonText(Root) + "\n";
}

} // namespace hotpath
