//===- FuzzReports.cpp - libFuzzer target: every report writer
//-------------===//
//
// Builds a report whose strings (paths, messages, function and frame names,
// warnings) are slices of the fuzz input, any bytes, and renders it in every
// format: no format may throw or crash on invalid UTF-8, control
// characters or markup.
//
//===----------------------------------------------------------------------===//
#include "report/Reporter.h"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  using namespace hotpath;
  std::string In(reinterpret_cast<const char *>(Data), Size);
  // Fields are separated by NUL bytes in the input; missing ones are empty.
  std::vector<std::string> Parts;
  size_t Start = 0;
  for (size_t I = 0; I <= In.size(); ++I)
    if (I == In.size() || In[I] == '\0') {
      Parts.push_back(In.substr(Start, I - Start));
      Start = I + 1;
    }
  auto Part = [&](size_t I) {
    return I < Parts.size() ? Parts[I] : std::string();
  };
  Report R;
  R.ToolVersion = "fuzz";
  R.ProjectRoot = "/fuzz/" + Part(0);
  RankedFinding F;
  F.F.RuleId = "caching-loop-invariant-call";
  F.F.Cat = Category::Caching;
  F.F.Location = {Part(1), unsigned(Size % 50 + 1), unsigned(Size % 7 + 1)};
  F.F.Message = Part(2);
  F.F.FixHint = Part(3);
  F.F.Function = Part(4);
  F.F.Api = Part(5);
  F.F.LineHash = Part(6);
  F.F.Notes = {Part(7)};
  Replacement Fix{"/fuzz/" + Part(1), 0, 1, Part(8)};
  Fix.Line = Fix.EndLine = 1;
  Fix.Column = 1;
  Fix.EndColumn = 2;
  F.F.FixIts = {Fix};
  F.Rank = 1;
  F.Priority = "high";
  F.Effort = "low";
  F.HotFraction = (Size % 100) / 100.0;
  F.EstimatedSaving = (Size % 10) / 100.0;
  F.Evid = Evidence::Line;
  R.Findings = {F, F};
  R.Findings[1].Rank = 2;
  R.Rules = {{"caching-loop-invariant-call", Category::Caching, Part(9), "high",
              "low", 2, 10}};
  TraceInfo T;
  T.Path = Part(10);
  T.Format = "folded";
  T.Total = 10;
  T.Unit = Part(11);
  T.Stats.count(Severity::Error, Part(12), Part(13));
  R.Traces = {T};
  R.ProfileTotal = 10;
  R.ProfileUnit = Part(11);
  R.HotPath = {{Part(14), 0.5}};
  R.Flame = {{Part(15), 1, 0, 1, {1}}};
  R.Warnings = {Part(16)};
  R.Incomplete = {{Part(17), 1, Part(18)}};
  R.SuppressionProblems = {Part(19)};
  for (Format Fmt :
       {Format::Text, Format::Json, Format::Sarif, Format::Github,
        Format::Rdjson, Format::CodeClimate, Format::Markdown, Format::Html})
    (void)render(R, Fmt);
  return 0;
}
