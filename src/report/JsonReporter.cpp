//===- JsonReporter.cpp - The JSON schema of DESIGN.md --------------------===//
#include "report/ReportUtil.h"
#include "report/Reporter.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cmath>

namespace hotpath {

namespace {

using Json = nlohmann::ordered_json;

Json optionalNumber(const std::optional<double> &V) {
  return V ? Json(rounded(*V)) : Json(nullptr);
}

} // namespace

std::string renderJson(const Report &R) {
  Json Root;
  Root["tool"] = {{"name", "hotpath"}, {"version", R.ToolVersion}};
  Root["traces"] = Json::array();
  for (const TraceInfo &T : R.Traces) {
    Json Stats = Json::object();
    for (const auto &[Key, E] : T.Stats.entries())
      Stats[std::string(severityName(Key.first)) + ": " + Key.second] = E.Count;
    Root["traces"].push_back({{"path", T.Path},
                              {"format", T.Format},
                              {"total", rounded(T.Total)},
                              {"unit", T.Unit},
                              {"stats", Stats}});
  }
  Json Findings = Json::array();
  unsigned Measured = 0;
  for (const RankedFinding &F : R.Findings) {
    Json J;
    J["rank"] = F.Rank;
    J["rule"] = F.F.RuleId;
    J["category"] = categoryId(F.F.Cat);
    J["priority"] = F.Priority;
    J["effort"] = F.Effort;
    J["file"] = F.F.Location.File;
    J["line"] = F.F.Location.Line;
    J["column"] = F.F.Location.Column;
    J["function"] = F.F.Function;
    J["line_hash"] = F.F.LineHash;
    J["role"] = codeRoleName(codeRoleOf(F.F));
    J["loop"] = {{"begin", F.F.Loop.Begin}, {"end", F.F.Loop.End}};
    J["call"] = {{"begin", F.F.Call.Begin}, {"end", F.F.Call.End}};
    Json Related = Json::array();
    for (const RelatedCode &R : F.F.Related)
      Related.push_back({{"function", R.Function},
                         {"file", R.File},
                         {"begin", R.Lines.Begin},
                         {"end", R.Lines.End}});
    J["related"] = Related;
    J["api"] = F.F.Api;
    J["message"] = F.F.Message;
    J["fix"] = F.F.FixHint;
    J["hot_fraction"] = optionalNumber(F.HotFraction);
    J["evidence"] = evidenceId(F.Evid);
    J["measured_calls"] =
        F.MeasuredCalls ? Json(*F.MeasuredCalls) : Json(nullptr);
    J["expected_speedup"] = rounded(F.ExpectedSpeedup);
    J["speedup_range"] = {rounded(F.SpeedupLow), rounded(F.SpeedupHigh)};
    J["speedup_basis"] =
        F.Basis == RankedFinding::SpeedupBasis::Calibrated ? "calibrated"
        : F.Basis == RankedFinding::SpeedupBasis::Rule     ? "rule"
                                                           : "category";
    J["speedup_source"] = F.SpeedupSource;
    J["per_item_fraction"] = optionalNumber(F.PerItemFraction);
    J["estimated_saving"] = optionalNumber(F.EstimatedSaving);
    Json FixIts = Json::array();
    for (const Replacement &Rep : F.F.FixIts)
      FixIts.push_back({{"file", Rep.File},
                        {"offset", Rep.Offset},
                        {"length", Rep.Length},
                        {"text", Rep.Text},
                        {"line", Rep.Line},
                        {"column", Rep.Column},
                        {"end_line", Rep.EndLine},
                        {"end_column", Rep.EndColumn}});
    J["fix_its"] = std::move(FixIts);
    Measured += F.HotFraction.has_value();
    Findings.push_back(std::move(J));
  }
  Root["findings"] = std::move(Findings);
  Json Incomplete = Json::array();
  for (const IncompleteFile &I : R.Incomplete)
    Incomplete.push_back({{"file", I.File},
                          {"compile_errors", I.CompileErrors},
                          {"first_error", I.FirstError},
                          {"message", incompleteText(I, false)}});
  Root["incomplete"] = std::move(Incomplete);
  // Every tier, in order, even at 0: consumers read counts without
  // checking for keys.
  Json ByPriority = Json::object();
  std::array<unsigned, NumPriorityTiers> Counts = tierCounts(R.Findings);
  for (size_t T = 0; T < NumPriorityTiers; ++T)
    ByPriority[PriorityTiers[T]] = Counts[T];
  Root["summary"] = {
      {"findings", R.Findings.size()},
      {"by_priority", std::move(ByPriority)},
      {"measured", Measured},
      {"files_analysed", R.FilesAnalysed},
      {"partial", !R.Incomplete.empty()},
      {"estimated_speedup_if_all_fixed",
       R.Traces.empty() ? Json(nullptr) : Json(rounded(R.SpeedupAll))}};
  if (R.Suppressed || !R.SuppressionProblems.empty()) {
    Root["summary"]["suppressed"] = R.Suppressed;
    Root["summary"]["suppression_problems"] = R.SuppressionProblems;
  }
  if (R.Baselined)
    Root["summary"]["baselined"] = R.Baselined;
  if (!R.DiffBase.empty())
    Root["summary"]["diff_base"] = R.DiffBase;
  if (!R.Traces.empty()) {
    Root["summary"]["covered_fraction"] = rounded(R.Covered);
    Root["summary"]["estimated_speedup_top1"] = rounded(R.SpeedupTop1);
    Root["summary"]["estimated_speedup_top3"] = rounded(R.SpeedupTop3);
  }
  if (!R.Warnings.empty())
    Root["warnings"] = R.Warnings;
  return jsonText(Root) + "\n";
}

} // namespace hotpath
