//===- RdjsonReporter.cpp - reviewdog's rdjson DiagnosticResult -----------===//
//
// Positions are 1-based; the range has its start only (reviewdog reads a
// missing end as the start). Fix-its are not suggestions here: rdjson wants
// line/column ranges and hotpath's fix-its are byte offsets
// (--export-fixes has them).
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
    Diagnostics.push_back({{"message", std::to_string(I.CompileErrors) +
                                           " compile errors; results for " +
                                           I.File + " may be incomplete"},
                           {"location", {{"path", I.File}}},
                           {"severity", "ERROR"},
                           {"source", {{"name", "hotpath"}}}});
  for (const RankedFinding &F : R.Findings) {
    Level L = levelOf(F.Priority);
    Diagnostics.push_back(
        {{"message",
          F.F.Message + "\nFix: " + F.F.FixHint + "\n" + rankLine(F)},
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
  }
  Json Root = {{"source", {{"name", "hotpath"}}}, {"diagnostics", Diagnostics}};
  return Root.dump(2) + "\n";
}

} // namespace hotpath
