//===- CodeClimateReporter.cpp - GitLab code quality ----------------------===//
//
// An array of Code Climate issues with the fields GitLab reads:
// description, check_name, fingerprint, severity, location.path,
// location.lines.begin. The fingerprint is stable when lines shift: it
// hashes the rule, file, function and the normalized source line (and the
// occurrence among equal ones).
//
//===----------------------------------------------------------------------===//
#include "report/ReportUtil.h"
#include "report/Reporter.h"

#include <nlohmann/json.hpp>

namespace hotpath {

std::string renderCodeClimate(const Report &R) {
  using Json = nlohmann::ordered_json;
  std::vector<std::string> Fingerprints = lineFingerprints(R);
  Json Issues = Json::array();
  for (size_t I = 0; I < R.Findings.size(); ++I) {
    const RankedFinding &F = R.Findings[I];
    const std::string &P = F.Priority;
    Issues.push_back(
        {{"type", "issue"},
         {"check_name", F.F.RuleId},
         {"description", oneLine(F.F.Message)},
         {"content",
          {{"body", "Fix: " + oneLine(F.F.FixHint) + "\n\n" + rankLine(F) +
                        ". See " + ruleDocPath(F.F.RuleId) + "."}}},
         {"categories", {"Performance"}},
         {"severity", P == "critical" ? "critical"
                      : P == "high"   ? "major"
                      : P == "low"    ? "minor"
                                      : "info"},
         {"fingerprint", lineHash(F.F.RuleId + "|" + F.F.Location.File + "|" +
                                  F.F.Function + "|" + Fingerprints[I])},
         {"location",
          {{"path", F.F.Location.File},
           {"lines",
            {{"begin", F.F.Location.Line},
             {"end", std::max(F.F.Call.End, F.F.Location.Line)}}}}}});
  }
  return jsonText(Issues) + "\n";
}

} // namespace hotpath
