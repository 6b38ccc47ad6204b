//===- SarifReporter.cpp - SARIF 2.1.0 for GitHub code scanning -----------===//
//
// Field rules: ../shared/reference/static-linters.md section 5. Paths are
// relative to the SRCROOT base (the project root); priority, hot share and
// estimated saving are result properties; priority maps to the level and to
// GitHub's problem.severity.
//
//===----------------------------------------------------------------------===//
#include "report/ReportUtil.h"
#include "report/Reporter.h"

#include "llvm/ADT/StringRef.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cmath>
#include <map>

namespace hotpath {

namespace {

using Json = nlohmann::ordered_json;

const char *levelName(Level L) {
  switch (L) {
  case Level::Error:
    return "error";
  case Level::Warning:
    return "warning";
  case Level::Note:
    return "note";
  }
  return "note";
}

/// GitHub's severities: error, warning, recommendation.
const char *problemSeverity(Level L) {
  return L == Level::Error     ? "error"
         : L == Level::Warning ? "warning"
                               : "recommendation";
}

/// A path as a URI reference: characters outside the unreserved set and
/// '/' percent-encoded.
std::string uriPath(llvm::StringRef Path) {
  std::string Out;
  for (unsigned char C : Path) {
    if (std::isalnum(C) || C == '/' || C == '-' || C == '.' || C == '_' ||
        C == '~') {
      Out += static_cast<char>(C);
    } else {
      static const char Hex[] = "0123456789ABCDEF";
      Out += '%';
      Out += Hex[C >> 4];
      Out += Hex[C & 15];
    }
  }
  return Out;
}

/// The file: URI of an absolute directory, with the trailing slash SARIF
/// wants for base URIs.
std::string directoryUri(llvm::StringRef Dir) {
  std::string Out = "file://" + uriPath(Dir);
  if (Out.back() != '/')
    Out += '/';
  return Out;
}

Json ruleDescriptor(const RuleInfo &Rule) {
  Level L = levelOf(Rule.Priority);
  std::string Full = Rule.Summary + ". Category " + categoryId(Rule.Cat) +
                     ": typical speedup " + speedupText(Rule.SpeedupLow) + "–" +
                     speedupText(Rule.SpeedupHigh) + ", effort " + Rule.Effort +
                     ", priority " + Rule.Priority + ".";
  std::string Doc = ruleDocMarkdown(Rule.Id);
  Json Help = {{"text", Full + " See " + ruleDocPath(Rule.Id) + "."}};
  if (!Doc.empty())
    Help["markdown"] = Doc;
  return {{"id", Rule.Id},
          {"shortDescription", {{"text", Rule.Summary}}},
          {"fullDescription", {{"text", Full}}},
          {"help", Help},
          {"defaultConfiguration", {{"level", levelName(L)}}},
          {"properties",
           {{"tags", {"performance", categoryId(Rule.Cat)}},
            {"precision", "high"},
            {"problem.severity", problemSeverity(L)},
            {"category", categoryId(Rule.Cat)},
            {"priority", Rule.Priority},
            {"effort", Rule.Effort},
            {"typical_speedup",
             {rounded(Rule.SpeedupLow), rounded(Rule.SpeedupHigh)}}}}};
}

} // namespace

std::string renderSarif(const Report &R) {
  Json Rules = Json::array();
  std::map<std::string, unsigned> RuleIndex;
  for (const RuleInfo &Rule : R.Rules) {
    RuleIndex[Rule.Id] = Rules.size();
    Rules.push_back(ruleDescriptor(Rule));
  }
  std::vector<std::string> Fingerprints = lineFingerprints(R);
  Json Results = Json::array();
  for (size_t I = 0; I < R.Findings.size(); ++I) {
    const RankedFinding &F = R.Findings[I];
    Json Region = {{"startLine", F.F.Location.Line},
                   {"startColumn", F.F.Location.Column},
                   {"endLine", std::max(F.F.Call.End, F.F.Location.Line)}};
    Json Location = {
        {"physicalLocation",
         {{"artifactLocation",
           {{"uri", uriPath(F.F.Location.File)}, {"uriBaseId", "SRCROOT"}}},
          {"region", Region}}}};
    if (!F.F.Function.empty())
      Location["logicalLocations"] = {
          {{"fullyQualifiedName", F.F.Function}, {"kind", "function"}}};
    Json Result = {
        {"ruleId", F.F.RuleId},
        {"level", levelName(levelOf(F.Priority))},
        {"message",
         {{"text", oneLine(F.F.Message) + ". Fix: " + oneLine(F.F.FixHint) +
                       " (" + rankLine(F) + ")"}}},
        {"locations", {Location}},
        {"partialFingerprints",
         {{"primaryLocationLineHash", Fingerprints[I]}}}};
    if (auto It = RuleIndex.find(F.F.RuleId); It != RuleIndex.end())
      Result["ruleIndex"] = It->second;
    if (!F.F.FixIts.empty()) {
      Json Replacements = Json::array();
      std::string File;
      for (const Replacement &Rep : F.F.FixIts) {
        File = Rep.File;
        Replacements.push_back(
            {{"deletedRegion",
              {{"byteOffset", Rep.Offset}, {"byteLength", Rep.Length}}},
             {"insertedContent", {{"text", Rep.Text}}}});
      }
      // Fix-its name absolute files; inside the project they are written
      // like the locations.
      llvm::StringRef Path(File);
      std::string Root = R.ProjectRoot + "/";
      Json Artifact;
      if (!R.ProjectRoot.empty() && Path.startswith(Root))
        Artifact = {{"uri", uriPath(Path.drop_front(Root.size()))},
                    {"uriBaseId", "SRCROOT"}};
      else
        Artifact = {{"uri", "file://" + uriPath(Path)}};
      Result["fixes"] = {{{"description", {{"text", oneLine(F.F.FixHint)}}},
                          {"artifactChanges",
                           {{{"artifactLocation", Artifact},
                             {"replacements", Replacements}}}}}};
    }
    Json Props = {{"rank", F.Rank},
                  {"priority", F.Priority},
                  {"category", categoryId(F.F.Cat)},
                  {"effort", F.Effort},
                  {"evidence", evidenceId(F.Evid)},
                  {"expected_speedup", rounded(F.ExpectedSpeedup)}};
    Props["hot_fraction"] =
        F.HotFraction ? Json(rounded(*F.HotFraction)) : Json(nullptr);
    Props["estimated_saving"] =
        F.EstimatedSaving ? Json(rounded(*F.EstimatedSaving)) : Json(nullptr);
    if (F.MeasuredCalls)
      Props["measured_calls"] = *F.MeasuredCalls;
    Result["properties"] = Props;
    Results.push_back(std::move(Result));
  }
  Json Notifications = Json::array();
  for (const IncompleteFile &I : R.Incomplete)
    Notifications.push_back(
        {{"level", "warning"},
         {"message", {{"text", incompleteText(I, true)}}},
         {"locations",
          {{{"physicalLocation",
             {{"artifactLocation",
               {{"uri", uriPath(I.File)}, {"uriBaseId", "SRCROOT"}}}}}}}}});
  for (const std::string &W : R.Warnings)
    Notifications.push_back(
        {{"level", "warning"}, {"message", {{"text", oneLine(W)}}}});
  Json Run = {{"tool",
               {{"driver",
                 {{"name", "hotpath"},
                  {"version", R.ToolVersion},
                  {"semanticVersion", R.ToolVersion},
                  {"rules", Rules}}}}},
              {"invocations",
               {{{"executionSuccessful", R.Incomplete.empty()},
                 {"toolExecutionNotifications", Notifications}}}},
              {"originalUriBaseIds",
               {{"SRCROOT",
                 {{"uri", directoryUri(
                              R.ProjectRoot.empty() ? "/" : R.ProjectRoot)}}}}},
              {"results", Results},
              {"columnKind", "unicodeCodePoints"}};
  Json RunProps = {{"partial", !R.Incomplete.empty()},
                   {"files_analysed", R.FilesAnalysed}};
  if (!R.Traces.empty()) {
    RunProps["covered_fraction"] = rounded(R.Covered);
    RunProps["estimated_speedup_if_all_fixed"] = rounded(R.SpeedupAll);
  }
  if (R.Baselined)
    RunProps["baselined"] = R.Baselined;
  if (!R.DiffBase.empty())
    RunProps["diff_base"] = R.DiffBase;
  Run["properties"] = RunProps;
  Json Root = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
               {"version", "2.1.0"},
               {"runs", {Run}}};
  return jsonText(Root) + "\n";
}

} // namespace hotpath
