//===- OutputFormatsTest.cpp - Golden files of every report format
//---------===//
//
// One report with every feature a format draws (measured and cold findings,
// a fix-it, a partial file, a trace, a hot path, a flame graph) and strings
// that need escaping in each format. `--update-golden` rewrites the golden
// files (as for the trace importers); review the diff.
//
//===----------------------------------------------------------------------===//
#include "analyzer/ResultCache.h"
#include "report/Gate.h"
#include "report/ReportUtil.h"
#include "report/Reporter.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <fstream>

namespace hotpath {
namespace {

RankedFinding ranked(unsigned Rank, const std::string &Rule, Category C,
                     const std::string &Priority, const std::string &File,
                     unsigned Line, std::optional<double> Hot,
                     std::optional<double> Saving) {
  RankedFinding R;
  R.Rank = Rank;
  R.Priority = Priority;
  R.Effort = C == Category::Caching ? "low" : "medium";
  R.F.RuleId = Rule;
  R.F.Cat = C;
  R.F.Location = {File, Line, 9};
  R.F.Loop = {Line - 2, Line + 3};
  R.F.Call = {Line, Line + 1};
  R.F.Function = "svc::answer(const std::vector<script> &)";
  R.F.LineHash = lineHash("line " + std::to_string(Line) + " of " + File);
  R.F.Message = "message of " + Rule;
  R.F.FixHint = "fix of " + Rule;
  R.HotFraction = Hot;
  R.Evid = Hot ? Evidence::Line : Evidence::Unmeasured;
  R.ExpectedSpeedup = 7.3;
  R.SpeedupLow = 3.6;
  R.SpeedupHigh = 14.9;
  R.EstimatedSaving = Saving;
  return R;
}

Report sample() {
  Report R;
  R.ToolVersion = "0.1.0";
  R.ProjectRoot = "/work/my project";
  R.FilesAnalysed = 3;
  R.Rules = {
      {"batching-faiss-single-query", Category::Batching,
       "a FAISS call with one vector per iteration", "critical", "medium", 5,
       20},
      {"caching-loop-invariant-call", Category::Caching,
       "an expensive call that does not change in the loop", "high", "low", 10,
       1000},
      {"micro-vector-reserve", Category::Micro,
       "a vector grown without reserve", "skip", "high", 1.0, 1.1},
  };
  R.Findings.push_back(ranked(1, "batching-faiss-single-query",
                              Category::Batching, "critical", "src/serve.cpp",
                              72, 0.356, 0.307));
  // Everything a format must escape: markup, quotes, percent signs, the
  // separators of workflow commands, Markdown table syntax, a line break.
  R.Findings[0].F.Message =
      "faiss 'search' on <script>alert(\"x\")</script> & 100% of q[i]: one "
      "vector, one | cell *each*\n\t    second line";
  R.Findings.push_back(ranked(2, "caching-loop-invariant-call",
                              Category::Caching, "high", "src/serve.cpp", 71,
                              0.091, 0.09));
  R.Findings[1].F.FixIts = {
      {"/work/my project/src/serve.cpp", 1200, 0, "  auto s = load();\n", 69, 1,
       69, 1},
      {"/work/my project/src/serve.cpp", 1300, 22, "", 71, 1, 72, 1}};
  R.Findings.push_back(ranked(3, "micro-vector-reserve", Category::Micro,
                              "skip (cold)", "src/a,b.cpp", 12, 0.001, 0.0));
  R.Incomplete = {{"src/broken.cpp", 2, "src/broken.cpp:3:1: unknown type"}};
  TraceInfo T;
  T.Path = "perf.txt";
  T.Format = "perf-script";
  T.Total = 1.82e9;
  T.Unit = "ns";
  R.Traces.push_back(T);
  R.ProfileTotal = 1.82e9;
  R.ProfileUnit = "ns";
  R.HotPath = {{"main", 0.64},
               {"svc::answer(const std::vector<script> &)", 0.36}};
  R.Covered = 0.448;
  R.SpeedupTop1 = 1.44;
  R.SpeedupTop3 = 1.66;
  R.SpeedupAll = 1.66;
  R.Flame = {{"main", 1, 0.0, 0.64, {}},
             {"svc::answer(const std::vector<script> &)", 2, 0.0, 0.36, {1, 2}},
             {"faiss::IndexFlat::search", 3, 0.0, 0.30, {}},
             {"svc::embed", 2, 0.36, 0.28, {}},
             {"[unattributed]", 1, 0.64, 0.36, {}}};
  R.Warnings = {"a warning with <markup> & 50%"};
  return R;
}

/// A string member of a JSON object; empty when missing.
std::string str(const llvm::json::Value &V, llvm::StringRef Key) {
  const llvm::json::Object *O = V.getAsObject();
  return O ? O->getString(Key).getValueOr("").str() : "";
}

void checkGolden(Format F, const std::string &Name) {
  std::string Path = std::string(HOTPATH_SOURCE_DIR) + "/tests/golden/" + Name;
  std::string Actual = render(sample(), F);
  for (const std::string &Arg : ::testing::internal::GetArgvs())
    if (Arg == "--update-golden") {
      std::ofstream(Path, std::ios::binary) << Actual;
      GTEST_SKIP() << "updated " << Path;
    }
  auto Expected = llvm::MemoryBuffer::getFile(Path);
  ASSERT_TRUE(static_cast<bool>(Expected)) << Path << " missing";
  EXPECT_EQ(Actual, (*Expected)->getBuffer().str())
      << Name << " differs (--update-golden rewrites it)";
}

TEST(OutputFormats, SarifGolden) { checkGolden(Format::Sarif, "report.sarif"); }
TEST(OutputFormats, GithubGolden) {
  checkGolden(Format::Github, "report.github.txt");
}
TEST(OutputFormats, RdjsonGolden) {
  checkGolden(Format::Rdjson, "report.rdjson");
}
TEST(OutputFormats, CodeClimateGolden) {
  checkGolden(Format::CodeClimate, "report.codeclimate.json");
}
TEST(OutputFormats, MarkdownGolden) {
  checkGolden(Format::Markdown, "report.md");
}
TEST(OutputFormats, HtmlGolden) { checkGolden(Format::Html, "report.html"); }

TEST(OutputFormats, EveryFormatHasAName) {
  for (const char *Name : {"text", "json", "sarif", "github", "rdjson",
                           "codeclimate", "markdown", "html"})
    EXPECT_TRUE(parseFormat(Name).has_value()) << Name;
  EXPECT_FALSE(parseFormat("checkstyle").has_value());
}

// GitHub shows at most 10 annotations per level and step: the 10 highest
// ranked of each level, then one notice that counts the rest.
TEST(OutputFormats, GithubAnnotatesAtMostTenPerLevel) {
  Report R;
  for (unsigned I = 1; I <= 25; ++I)
    R.Findings.push_back(ranked(I, "batching-faiss-single-query",
                                Category::Batching,
                                I <= 13 ? "critical" : "low", "src/a.cpp",
                                10 + I, std::nullopt, std::nullopt));
  std::string Out = render(R, Format::Github);
  auto Count = [&](const std::string &Prefix) {
    unsigned N = 0;
    for (size_t P = Out.find(Prefix); P != std::string::npos;
         P = Out.find(Prefix, P + 1))
      N += P == 0 || Out[P - 1] == '\n';
    return N;
  };
  EXPECT_EQ(Count("::error "), 10u);
  EXPECT_EQ(Count("::notice "), 10u); // 9 findings + the summary
  EXPECT_NE(Out.find("rank 10%2C critical"), std::string::npos);
  EXPECT_EQ(Out.find("rank 11%2C critical"), std::string::npos);
  EXPECT_NE(Out.find("::notice title=hotpath%3A more findings::6 more "
                     "findings not annotated (GitHub shows 10 per level): 3 "
                     "error, 0 warning, 3 notice"),
            std::string::npos)
      << Out;
}

TEST(OutputFormats, OneLineCollapsesEveryWhitespaceRun) {
  EXPECT_EQ(oneLine("'negative_filter_string =\n            "
                    "negative_filter_stri...'"),
            "'negative_filter_string = negative_filter_stri...'");
  EXPECT_EQ(oneLine(" \ta\r\n\v\fb  c \n"), "a b c");
  EXPECT_EQ(oneLine("a b"), "a b");
  EXPECT_EQ(oneLine(" \n\t "), "");
  EXPECT_EQ(oneLine(""), "");
}

// A rule quoting a multi-line expression of real code: every format but
// json (the data as the rule wrote it) shows it on one line, with single
// spaces.
TEST(OutputFormats, MultiLineSourceTextIsOneLineInEveryFormat) {
  Report R;
  R.ToolVersion = "0.1.0";
  R.FilesAnalysed = 1;
  R.Findings.push_back(ranked(1, "caching-loop-invariant-call",
                              Category::Caching, "high", "src/a.cpp", 12,
                              std::nullopt, std::nullopt));
  R.Findings[0].F.Message = "call 'negative_filter_string =\n            "
                            "negative_filter_stri...' runs\tin  the loop";
  R.Findings[0].F.FixHint = "hoist\r\n  it";
  const std::string Msg = "call 'negative_filter_string = "
                          "negative_filter_stri...' runs in the loop";
  std::string Text = render(R, Format::Text);
  EXPECT_NE(Text.find("src/a.cpp:12:9: warning: " + Msg +
                      " [caching-loop-invariant-call]\n"
                      "src/a.cpp:12:9: note: fix: hoist it\n"),
            std::string::npos)
      << Text;
  std::string Github = render(R, Format::Github);
  EXPECT_NE(Github.find("::" + Msg + "%0AFix: hoist it%0Arank 1, high"),
            std::string::npos)
      << Github;
  std::string Sarif = render(R, Format::Sarif);
  EXPECT_NE(Sarif.find("\"text\": \"" + Msg + ". Fix: hoist it (rank 1, "),
            std::string::npos)
      << Sarif;
  std::string Rdjson = render(R, Format::Rdjson);
  EXPECT_NE(
      Rdjson.find("\"message\": \"" + Msg + "\\nFix: hoist it\\nrank 1, high"),
      std::string::npos)
      << Rdjson;
  std::string CodeClimate = render(R, Format::CodeClimate);
  EXPECT_NE(CodeClimate.find("\"description\": \"" + Msg + "\""),
            std::string::npos)
      << CodeClimate;
  EXPECT_NE(CodeClimate.find("\"body\": \"Fix: hoist it\\n\\nrank 1"),
            std::string::npos)
      << CodeClimate;
  std::string Markdown = render(R, Format::Markdown);
  EXPECT_NE(Markdown.find("1. `src/a.cpp:12`: call 'negative\\_filter\\_string "
                          "= negative\\_filter\\_stri...' runs in the loop\n"),
            std::string::npos)
      << Markdown;
  EXPECT_NE(Markdown.find("| hoist it |"), std::string::npos) << Markdown;
  std::string Html = render(R, Format::Html);
  EXPECT_NE(Html.find("<td>call &#39;negative_filter_string = "
                      "negative_filter_stri...&#39; runs in the loop</td>"
                      "<td>hoist it</td>"),
            std::string::npos)
      << Html;
  // JSON keeps the rule's text as it is.
  EXPECT_NE(render(R, Format::Json)
                .find("\"message\": \"call 'negative_filter_string =\\n  "),
            std::string::npos);
}

// A file with compile errors is a warning ("results may be incomplete") in
// every format, with the count's grammar right.
TEST(OutputFormats, CompileErrorsAreWarningsInEveryFormat) {
  Report R;
  R.ToolVersion = "0.1.0";
  R.FilesAnalysed = 2;
  R.Incomplete = {{"src/one.cpp", 1, "src/one.cpp:3:1: unknown type"},
                  {"src/two.cpp", 2, ""}};
  const std::string One = "1 compile error; results for src/one.cpp may be "
                          "incomplete",
                    Two = "2 compile errors; results for src/two.cpp may be "
                          "incomplete",
                    First = " (first: src/one.cpp:3:1: unknown type)";
  EXPECT_EQ(render(R, Format::Text),
            "src/one.cpp: warning: " + One + First +
                "\n"
                "src/two.cpp: warning: " +
                Two +
                "\n"
                "0 findings in 0 files (2 analysed); no trace given, ranked "
                "by priority, effort and location\n"
                "results are partial: 2 files had compile errors\n");

  auto Parse = [](const std::string &Text) {
    llvm::Expected<llvm::json::Value> V = llvm::json::parse(Text);
    EXPECT_TRUE(static_cast<bool>(V)) << llvm::toString(V.takeError());
    return V ? std::move(*V) : llvm::json::Value(nullptr);
  };
  llvm::json::Value Json = Parse(render(R, Format::Json));
  const llvm::json::Array *Incomplete =
      Json.getAsObject()->getArray("incomplete");
  ASSERT_TRUE(Incomplete && Incomplete->size() == 2);
  EXPECT_EQ(str((*Incomplete)[0], "message"), One);
  EXPECT_EQ(str((*Incomplete)[1], "message"), Two);

  llvm::json::Value Sarif = Parse(render(R, Format::Sarif));
  const llvm::json::Object *Invocation =
      (*(*Sarif.getAsObject()->getArray("runs"))[0].getAsObject()->getArray(
          "invocations"))[0]
          .getAsObject();
  const llvm::json::Array *Notes =
      Invocation->getArray("toolExecutionNotifications");
  ASSERT_TRUE(Notes && Notes->size() == 2);
  EXPECT_EQ(str((*Notes)[0], "level"), "warning");
  EXPECT_EQ(str(*(*Notes)[0].getAsObject()->get("message"), "text"),
            One + First);
  EXPECT_EQ(str((*Notes)[1], "level"), "warning");
  EXPECT_EQ(str(*(*Notes)[1].getAsObject()->get("message"), "text"), Two);

  EXPECT_EQ(
      render(R, Format::Github),
      "::warning file=src/one.cpp,title=hotpath%3A partial results::" + One +
          First +
          "\n"
          "::warning file=src/two.cpp,title=hotpath%3A partial results::" +
          Two + "\n");

  llvm::json::Value Rdjson = Parse(render(R, Format::Rdjson));
  const llvm::json::Array *Diags =
      Rdjson.getAsObject()->getArray("diagnostics");
  ASSERT_TRUE(Diags && Diags->size() == 2);
  EXPECT_EQ(str((*Diags)[0], "severity"), "WARNING");
  EXPECT_EQ(str((*Diags)[0], "message"), One + First);
  EXPECT_EQ(str((*Diags)[1], "severity"), "WARNING");
  EXPECT_EQ(str((*Diags)[1], "message"), Two);

  std::string Markdown = render(R, Format::Markdown);
  EXPECT_NE(Markdown.find("> **warning:** 1 compile error; results for "
                          "`src/one.cpp` may be incomplete (first: "
                          "`src/one.cpp:3:1: unknown type`)\n\n"
                          "> **warning:** 2 compile errors; results for "
                          "`src/two.cpp` may be incomplete\n\n"),
            std::string::npos)
      << Markdown;

  std::string Html = render(R, Format::Html);
  EXPECT_NE(Html.find("<p class=\"warn\">warning: 1 compile error; results "
                      "for <code>src/one.cpp</code> may be incomplete (first: "
                      "<code>src/one.cpp:3:1: unknown type</code>)</p>\n"
                      "<p class=\"warn\">warning: 2 compile errors; results "
                      "for <code>src/two.cpp</code> may be incomplete</p>\n"),
            std::string::npos)
      << Html;
}

// The findings table fits a 1280-px window: fixed layout, and long paths,
// names and messages wrap instead of widening it.
TEST(OutputFormats, HtmlFindingsTableWrapsInsteadOfScrolling) {
  std::string Html = render(sample(), Format::Html);
  EXPECT_NE(Html.find("table{border-collapse:collapse;width:100%;max-width:"
                      "100%;table-layout:fixed}\n"),
            std::string::npos);
  EXPECT_NE(Html.find("th,td{border:1px solid #ccc;padding:4px 6px;"
                      "text-align:left;vertical-align:top;overflow-wrap:"
                      "anywhere;word-break:break-word}\n"),
            std::string::npos);
  EXPECT_EQ(Html.find("nowrap"), std::string::npos);
}

TEST(Gate, BaselineMatchesByLineHashNotLineNumber) {
  Report R = sample();
  std::string Text = writeBaseline(R.Findings);
  llvm::Expected<Baseline> B = readBaseline(Text, "b.json");
  ASSERT_TRUE(static_cast<bool>(B)) << llvm::toString(B.takeError());
  // The same findings three lines further down: still known.
  std::vector<RankedFinding> Later = R.Findings;
  for (RankedFinding &F : Later)
    F.F.Location.Line += 3;
  EXPECT_EQ(applyBaseline(Later, *B), 3u);
  EXPECT_TRUE(Later.empty());
  // A changed line (new hash) is new; a second copy of a known one too.
  std::vector<RankedFinding> Changed = R.Findings;
  Changed[0].F.LineHash = lineHash("edited");
  Changed.push_back(R.Findings[1]);
  EXPECT_EQ(applyBaseline(Changed, *B), 2u);
  ASSERT_EQ(Changed.size(), 2u);
  EXPECT_EQ(Changed[0].F.LineHash, lineHash("edited"));
  EXPECT_EQ(Changed[1].F.RuleId, "caching-loop-invariant-call");
}

TEST(Gate, BadBaselinesAreErrorsNamingTheFile) {
  auto Error = [](llvm::StringRef Text) {
    llvm::Expected<Baseline> B = readBaseline(Text, "base.json");
    return B ? std::string("accepted") : llvm::toString(B.takeError());
  };
  EXPECT_EQ(Error("{"), "base.json: not a hotpath baseline: invalid JSON");
  EXPECT_EQ(Error("[]"), "base.json: not a hotpath baseline: no "
                         "\"hotpath_baseline\" version (write one with "
                         "--write-baseline)");
  EXPECT_EQ(Error(R"({"hotpath_baseline": 2, "findings": []})"),
            "base.json: not a hotpath baseline: version 2, this hotpath "
            "reads version 1");
  EXPECT_EQ(Error(R"({"hotpath_baseline": 1, "findings": [{"rule": "r"}]})"),
            "base.json: not a hotpath baseline: findings[0]: \"file\" must "
            "be a string");
}

TEST(Gate, UnifiedDiffGivesTheNewSidesLines) {
  const char *Diff = "diff --git a/src/a.cpp b/src/a.cpp\n"
                     "--- a/src/a.cpp\n"
                     "+++ b/src/a.cpp\n"
                     "@@ -3,0 +4,2 @@ int f() {\n"
                     "+x\n+y\n"
                     "@@ -10 +12 @@\n"
                     "-old\n+new\n"
                     "@@ -20,3 +21,0 @@\n"
                     "-gone\n"
                     "diff --git a/old.cpp b/old.cpp\n"
                     "--- a/old.cpp\n"
                     "+++ /dev/null\n"
                     "@@ -1,2 +0,0 @@\n";
  ChangedLines C = parseUnifiedDiff(Diff);
  ASSERT_EQ(C.size(), 1u);
  EXPECT_EQ(C["src/a.cpp"], (std::set<unsigned>{4, 5, 12}));
  std::vector<RankedFinding> Findings = {
      ranked(1, "r", Category::Batching, "critical", "a.cpp", 3, std::nullopt,
             std::nullopt), // call lines 3-4: 4 changed
      ranked(2, "r", Category::Batching, "critical", "a.cpp", 7, std::nullopt,
             std::nullopt), // 7-8: unchanged
      ranked(3, "r", Category::Batching, "critical", "b.cpp", 4, std::nullopt,
             std::nullopt)}; // other file
  EXPECT_EQ(keepChangedLines(Findings, C, "src/"), 2u);
  ASSERT_EQ(Findings.size(), 1u);
  EXPECT_EQ(Findings[0].Rank, 1u);
}

TEST(Gate, FailOnCountsPrioritiesAtOrAbove) {
  std::vector<RankedFinding> F = {
      ranked(1, "r", Category::Caching, "high", "a.cpp", 3, std::nullopt,
             std::nullopt),
      ranked(2, "r", Category::Micro, "skip (cold)", "a.cpp", 9, std::nullopt,
             std::nullopt)};
  EXPECT_FALSE(failsGate(F, *priorityLevel("critical")));
  EXPECT_TRUE(failsGate(F, *priorityLevel("high")));
  EXPECT_TRUE(failsGate(F, *priorityLevel("low")));
  EXPECT_FALSE(priorityLevel("skip").has_value());
}

// A cached TU result reads back to what was stored, every field: the pending
// cross-TU findings, fix-its, calibrated speedups and call-graph facts too.
TEST(ResultCache, SerializedResultsReadBackWhole) {
  TUResult R;
  Finding F = sample().Findings[1].F;
  F.Operators = {"aten::addmm", "faiss::*::search"};
  F.Speedup = SpeedupRange{3.6, 14.9, "faiss::IndexFlat::search batched"};
  F.Notes = {"a note"};
  R.Sink.Findings.push_back(F);
  R.Sink.UnguardedPath.emplace_back("c:@F@run", F);
  R.Sink.Conditional.emplace_back("c:@F@load", F);
  R.Sink.CalledInLoop.emplace_back("c:@F@open", F);
  FunctionNode N;
  N.Key = "c:@F@run";
  N.Name = "run(int)";
  N.Location = {"src/a.cpp", 3, 6};
  N.HasLoop = true;
  N.Calls.push_back({"c:@F@load", "load", 4, 3, true});
  R.Graph.addFunction(N);
  R.Errors = {"src/a.cpp", 1, "src/a.cpp:9:1: error"};
  R.Ran = true;
  std::string Text = serializeResult(R);
  std::optional<TUResult> Back = deserializeResult(Text);
  ASSERT_TRUE(Back.has_value());
  EXPECT_EQ(serializeResult(*Back), Text);
  ASSERT_EQ(Back->Sink.Findings.size(), 1u);
  const Finding &G = Back->Sink.Findings[0];
  EXPECT_EQ(G.FixIts.size(), 2u);
  EXPECT_EQ(G.FixIts[0].Text, "  auto s = load();\n");
  ASSERT_TRUE(G.Speedup.has_value());
  EXPECT_EQ(G.Speedup->High, 14.9);
  EXPECT_EQ(G.LineHash, F.LineHash);
  EXPECT_EQ(Back->Sink.CalledInLoop[0].first, "c:@F@open");
  EXPECT_TRUE(Back->Graph.find("c:@F@run")->Calls[0].GradGuarded);
  // A damaged entry is a miss, never a crash.
  EXPECT_FALSE(deserializeResult(Text.substr(0, Text.size() / 2)));
  EXPECT_FALSE(deserializeResult("{\"version\": 1}"));
}

TEST(ResultCache, EntriesWithOtherDependenciesAndTexts) {
  // Entries whose dependencies are not files, checked by the caller's
  // function; texts with no dependencies (a Python file's entry).
  llvm::SmallString<128> Dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("hotpath-cache", Dir));
  ResultCache Cache(std::string(Dir), "salt");
  EXPECT_NE(Cache.key({"python", "/p/a.py", "h1"}),
            Cache.key({"python", "/p/a.py", "h2"}));
  EXPECT_NE(Cache.key({"python", "/p/a.py"}), Cache.key({"python/p/a.py"}));
  TUResult R;
  R.Errors.File = "a.py";
  R.Ran = true;
  R.Dependencies = {{"class:Net", "module"}};
  std::string Key = Cache.key({"python", "/p/a.py", "h1"});
  ASSERT_TRUE(Cache.store(Key, R));
  std::vector<std::string> Asked;
  auto Answer = [&](const char *Now) {
    return [&, Now](const std::string &Dep, const std::string &Was) {
      Asked.push_back(Dep);
      return Was == Now;
    };
  };
  EXPECT_TRUE(Cache.lookup(Key, Answer("module")).has_value());
  EXPECT_FALSE(Cache.lookup(Key, Answer("other")).has_value());
  EXPECT_EQ(Asked, (std::vector<std::string>{"class:Net", "class:Net"}));
  // As a C++ entry it is a miss: "class:Net" is no file.
  EXPECT_FALSE(Cache.lookup(Key).has_value());
  std::string TextKey = Cache.key({"python-classes", "h1"});
  EXPECT_FALSE(Cache.lookupText(TextKey).has_value());
  ASSERT_TRUE(Cache.storeText(TextKey, "[[\"Net\",[\"Base\"]]]"));
  EXPECT_EQ(Cache.lookupText(TextKey).value_or(""), "[[\"Net\",[\"Base\"]]]");
  llvm::sys::fs::remove_directories(Dir);
}

} // namespace
} // namespace hotpath
