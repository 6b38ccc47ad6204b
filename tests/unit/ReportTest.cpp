//===- ReportTest.cpp - Ranking without traces, text and JSON output ------===//
#include "model/Profile.h"
#include "ranking/Ranking.h"
#include "report/ReportUtil.h"
#include "report/Reporter.h"
#include "report/TraceReport.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace hotpath {
namespace {

Finding finding(const std::string &Rule, Category C, const std::string &File,
                unsigned Line) {
  Finding F;
  F.RuleId = Rule;
  F.Cat = C;
  F.Location = {File, Line, 5};
  F.Loop = {Line - 1, Line + 2};
  F.Call = {Line, Line};
  F.Api = "ns::api";
  F.Function = "ns::f(int)";
  F.Message = "message of " + Rule;
  F.FixHint = "fix of " + Rule;
  return F;
}

const PriorityTable &table() {
  static const PriorityTable T = llvm::cantFail(PriorityTable::loadBuiltin());
  return T;
}

TEST(PriorityTable, ShippedTableMatchesTheBrief) {
  const CategoryPriority &Batching = table().row(Category::Batching);
  EXPECT_EQ(Batching.Priority, "critical");
  EXPECT_EQ(Batching.Effort, "medium");
  EXPECT_DOUBLE_EQ(Batching.expectedSpeedup(), 10.0);
  EXPECT_EQ(table().row(Category::Micro).Priority, "skip");
  EXPECT_EQ(table().row(Category::Algorithmic).Effort, "high");
  EXPECT_NEAR(table().row(Category::Caching).expectedSpeedup(), 4.4721, 1e-4);
  // Hoisting has its own range: the loop's trip count, at least 10.
  ASSERT_NE(table().ruleSpeedup("caching-loop-invariant-call"), nullptr);
  EXPECT_DOUBLE_EQ(table().ruleSpeedup("caching-loop-invariant-call")->Low,
                   10.0);
  EXPECT_EQ(table().ruleSpeedup("batching-per-item-inference"), nullptr);
}

TEST(PriorityTable, BadTablesAreErrorsNamingTheProblem) {
  auto Error = [](const char *Json) {
    llvm::Expected<PriorityTable> T = PriorityTable::parse(Json, "p.json");
    return T ? std::string() : llvm::toString(T.takeError());
  };
  EXPECT_EQ(Error("[]"),
            "p.json: expected an object with a 'categories' array");
  EXPECT_EQ(Error(R"({"categories": [{"id": "fast"}]})"),
            "p.json: unknown category 'fast'");
  EXPECT_EQ(Error(R"({"categories": [{"id": "micro", "speedup": [2, 1],
                  "effort": "low", "priority": "skip"}]})"),
            "p.json: category 'micro': 'speedup' must be [low, high] with 1 "
            "<= low <= high");
  EXPECT_EQ(Error(R"({"categories": [{"id": "micro", "speedup": [1, 1.1],
                  "effort": "low", "priority": "skip"}]})"),
            "p.json: no row for category 'algorithmic'");
}

TEST(Ranking, UnmeasuredOrderIsTierThenEffortThenLocation) {
  std::vector<Finding> In = {
      finding("micro-x", Category::Micro, "a.cpp", 1),
      finding("code-level-x", Category::CodeLevel, "a.cpp", 2),
      finding("vectorization-x", Category::Vectorization, "a.cpp", 3),
      finding("caching-x", Category::Caching, "b.cpp", 4),
      finding("data-structures-x", Category::DataStructures, "a.cpp", 90),
      finding("algorithmic-x", Category::Algorithmic, "a.cpp", 6),
      finding("batching-y", Category::Batching, "b.cpp", 1),
      finding("batching-x", Category::Batching, "a.cpp", 80),
  };
  std::vector<RankedFinding> Out = rankUnmeasured(In, table());
  std::vector<std::string> Order;
  for (const RankedFinding &R : Out)
    Order.push_back(std::to_string(R.Rank) + " " + R.F.RuleId);
  EXPECT_EQ(Order, (std::vector<std::string>{
                       "1 batching-x", "2 batching-y", "3 algorithmic-x",
                       "4 data-structures-x", "5 caching-x",
                       "6 vectorization-x", "7 code-level-x", "8 micro-x"}));
  for (const RankedFinding &R : Out) {
    EXPECT_EQ(R.Evid, Evidence::Unmeasured);
    EXPECT_FALSE(R.HotFraction.has_value());
    EXPECT_FALSE(R.EstimatedSaving.has_value());
  }
  // Input order does not matter.
  std::reverse(In.begin(), In.end());
  std::vector<RankedFinding> Again = rankUnmeasured(In, table());
  for (size_t I = 0; I < Out.size(); ++I)
    EXPECT_EQ(Again[I].F.RuleId, Out[I].F.RuleId);
}

TEST(Ranking, UnmeasuredLibraryCodeRanksAboveTestsBenchmarksAndDemos) {
  std::vector<Finding> In = {
      finding("batching-x", Category::Batching, "tests/test_a.cpp", 1),
      finding("batching-x", Category::Batching, "benchs/bench_b.cpp", 1),
      finding("batching-x", Category::Batching, "tutorial/cpp/c.cpp", 1),
      finding("micro-x", Category::Micro, "faiss/d.cpp", 1),
      finding("caching-x", Category::Caching, "faiss/e_test.cpp", 1),
      finding("caching-x", Category::Caching, "faiss/e.cpp", 1),
  };
  std::vector<std::string> Order;
  for (const RankedFinding &R : rankUnmeasured(In, table()))
    Order.push_back(R.F.Location.File);
  // Library first (by tier: caching before micro), then the others by
  // tier, effort and location.
  EXPECT_EQ(Order,
            (std::vector<std::string>{
                "faiss/e.cpp", "faiss/d.cpp", "benchs/bench_b.cpp",
                "tests/test_a.cpp", "tutorial/cpp/c.cpp", "faiss/e_test.cpp"}));
  EXPECT_EQ(codeRoleOf("src/examples/x.cpp"), CodeRole::Demo);
  EXPECT_EQ(codeRoleOf("src/latest.cpp"), CodeRole::Library);
  EXPECT_EQ(codeRoleOf("test/cpp/api/x.cpp"), CodeRole::Test);
}

TEST(Ranking, UnmeasuredDiagnosticCodeRanksBelowLibraryCode) {
  Finding Report =
      finding("algorithmic-x", Category::Algorithmic, "faiss/AutoTune.cpp", 1);
  Report.Diagnostic = true;
  std::vector<Finding> In = {Report, finding("caching-x", Category::Caching,
                                             "faiss/index_factory.cpp", 1)};
  std::vector<RankedFinding> Out = rankUnmeasured(In, table());
  ASSERT_EQ(Out.size(), 2u);
  // The critical finding in a report ranks below the high one in the
  // library's computation.
  EXPECT_EQ(Out[0].F.Location.File, "faiss/index_factory.cpp");
  EXPECT_EQ(codeRoleName(codeRoleOf(Out[1].F)), std::string("diagnostic"));
}

TEST(Ranking, CategorySpeedupWhenTheRulesEvidenceIsWeaker) {
  Finding F =
      finding("caching-loop-invariant-call", Category::Caching, "a.cpp", 1);
  RankedFinding Strong = rankUnmeasured({F}, table()).front();
  F.CategorySpeedup = true;
  RankedFinding Weak = rankUnmeasured({F}, table()).front();
  EXPECT_EQ(Weak.Basis, RankedFinding::SpeedupBasis::Category);
  EXPECT_LT(Weak.ExpectedSpeedup, Strong.ExpectedSpeedup);
}

Report sampleReport() {
  Report R;
  R.ToolVersion = "0.1.0";
  R.FilesAnalysed = 2;
  R.Findings = rankUnmeasured({finding("caching-loop-invariant-call",
                                       Category::Caching, "src/b.cpp", 12),
                               finding("batching-per-item-inference",
                                       Category::Batching, "src/a.cpp", 42)},
                              table());
  R.Incomplete.push_back({"src/c.cpp", 3, "src/c.cpp:1:2: unknown type"});
  return R;
}

TEST(Report, JsonUsesTheDesignSchema) {
  std::string Expected = R"json({
  "tool": {
    "name": "hotpath",
    "version": "0.1.0"
  },
  "traces": [],
  "findings": [
    {
      "rank": 1,
      "rule": "batching-per-item-inference",
      "category": "batching",
      "priority": "critical",
      "effort": "medium",
      "file": "src/a.cpp",
      "line": 42,
      "column": 5,
      "function": "ns::f(int)",
      "line_hash": "",
      "role": "library",
      "loop": {
        "begin": 41,
        "end": 44
      },
      "call": {
        "begin": 42,
        "end": 42
      },
      "related": [],
      "api": "ns::api",
      "message": "message of batching-per-item-inference",
      "fix": "fix of batching-per-item-inference",
      "hot_fraction": null,
      "evidence": "unmeasured",
      "measured_calls": null,
      "expected_speedup": 10.0,
      "speedup_range": [
        5.0,
        20.0
      ],
      "speedup_basis": "category",
      "speedup_source": "",
      "per_item_fraction": null,
      "estimated_saving": null,
      "fix_its": []
    },
    {
      "rank": 2,
      "rule": "caching-loop-invariant-call",
      "category": "caching",
      "priority": "high",
      "effort": "low",
      "file": "src/b.cpp",
      "line": 12,
      "column": 5,
      "function": "ns::f(int)",
      "line_hash": "",
      "role": "library",
      "loop": {
        "begin": 11,
        "end": 14
      },
      "call": {
        "begin": 12,
        "end": 12
      },
      "related": [],
      "api": "ns::api",
      "message": "message of caching-loop-invariant-call",
      "fix": "fix of caching-loop-invariant-call",
      "hot_fraction": null,
      "evidence": "unmeasured",
      "measured_calls": null,
      "expected_speedup": 100.0,
      "speedup_range": [
        10.0,
        1000.0
      ],
      "speedup_basis": "rule",
      "speedup_source": "hoisting: the call runs once instead of once per iteration; the speedup is the trip count, at least 10 assumed",
      "per_item_fraction": null,
      "estimated_saving": null,
      "fix_its": []
    }
  ],
  "incomplete": [
    {
      "file": "src/c.cpp",
      "compile_errors": 3,
      "first_error": "src/c.cpp:1:2: unknown type",
      "message": "3 compile errors; results for src/c.cpp may be incomplete"
    }
  ],
  "summary": {
    "findings": 2,
    "by_priority": {
      "critical": 1,
      "high": 1,
      "low": 0,
      "skip": 0
    },
    "measured": 0,
    "files_analysed": 2,
    "partial": true,
    "estimated_speedup_if_all_fixed": null
  }
}
)json";
  EXPECT_EQ(render(sampleReport(), Format::Json), Expected);
}

// Issue 12: text from traces and sources is bytes. Every format renders a
// report whose strings are invalid UTF-8, and the JSON ones stay valid.
TEST(Report, InvalidUtf8IsReplacedInEveryFormat) {
  EXPECT_EQ(validUtf8("a\xff b\xc3\x28 \xe2\x82\xac \xed\xa0\x80 \xc0\xaf"),
            "a\xef\xbf\xbd b\xef\xbf\xbd( \xe2\x82\xac "
            "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd");
  Report R = sampleReport();
  R.Findings[0].F.Message = "bad \xff\xfe bytes";
  R.Findings[0].F.Location.File = "src/\xc3.cpp";
  R.Warnings = {"trace \xed\xa0\x80"};
  for (Format F :
       {Format::Text, Format::Json, Format::Sarif, Format::Github,
        Format::Rdjson, Format::CodeClimate, Format::Markdown, Format::Html}) {
    std::string Out = render(R, F);
    EXPECT_FALSE(Out.empty());
    if (F != Format::Text) {
      EXPECT_EQ(validUtf8(Out), Out) << "format " << int(F);
    }
  }
  // A suppression problem not shaped "file:line: message" (fuzz_reports'
  // first crash: substr out of range in the text writer).
  R.SuppressionProblems = {"", "no colon here"};
  EXPECT_NE(render(R, Format::Text).find("no colon here: warning: "),
            std::string::npos);
}

TEST(Report, TextIsCompilerStyle) {
  std::string Expected =
      "src/c.cpp: warning: 3 compile errors; results for src/c.cpp may be "
      "incomplete (first: src/c.cpp:1:2: unknown type)\n"
      "src/a.cpp:42:5: warning: message of batching-per-item-inference "
      "[batching-per-item-inference]\n"
      "src/a.cpp:42:5: note: fix: fix of batching-per-item-inference\n"
      "src/a.cpp:42:5: note: rank 1: priority critical, batching, effort "
      "medium, expected speedup 10.0x, hot share unmeasured (no trace)\n"
      "src/b.cpp:12:5: warning: message of caching-loop-invariant-call "
      "[caching-loop-invariant-call]\n"
      "src/b.cpp:12:5: note: fix: fix of caching-loop-invariant-call\n"
      "src/b.cpp:12:5: note: rank 2: priority high, caching, effort low, "
      "expected speedup 100.0x (hoisted), hot share unmeasured (no trace)\n"
      "2 findings in 2 files (2 analysed): 1 critical, 1 high; no trace "
      "given, ranked by priority, effort and location\n"
      "results are partial: 1 file had compile errors\n";
  EXPECT_EQ(render(sampleReport(), Format::Text), Expected);
}

// Every tier is a key, in order, zero or not; "skip (cold)" counts as skip.
// The text summary counts the same way, so its counts add up.
TEST(Report, SummaryCountsFindingsPerPriorityTier) {
  Report R;
  R.FilesAnalysed = 1;
  for (const char *P : {"critical", "low", "skip", "skip (cold)"}) {
    RankedFinding F;
    F.F = finding("micro-x", Category::Micro, "a.cpp", 3);
    F.Rank = R.Findings.size() + 1;
    F.Priority = P;
    R.Findings.push_back(F);
  }
  EXPECT_NE(render(R, Format::Json)
                .find("    \"findings\": 4,\n"
                      "    \"by_priority\": {\n"
                      "      \"critical\": 1,\n"
                      "      \"high\": 0,\n"
                      "      \"low\": 1,\n"
                      "      \"skip\": 2\n"
                      "    },\n"),
            std::string::npos)
      << render(R, Format::Json);
  EXPECT_NE(render(R, Format::Text)
                .find("4 findings in 1 file (1 analysed): 1 critical, 1 low, "
                      "2 skip; no trace given"),
            std::string::npos)
      << render(R, Format::Text);
}

/// A profile of `Stacks` (outermost frame first, weight).
Profile profileOf(
    const std::vector<std::pair<std::vector<std::string>, double>> &Stacks) {
  Profile P;
  P.setUnit("ns");
  for (const auto &[Frames, Weight] : Stacks) {
    NodeId N = Profile::Root;
    for (const std::string &Name : Frames)
      N = P.internCallsite(N, P.internFrame({Name, "a.cpp", 0, ""}));
    P.addSample(N, Weight);
  }
  P.finalize();
  EXPECT_FALSE(static_cast<bool>(P.checkValid()));
  return P;
}

// Without --top, `trace --format json` lists every function and line; the
// text tables keep the rows they are given.
TEST(Report, TraceJsonListsEveryFunctionUnlessTopIsGiven) {
  std::vector<std::pair<std::vector<std::string>, double>> Stacks;
  for (int I = 0; I < 30; ++I)
    Stacks.push_back({{"main", "f" + std::to_string(I)}, 1.0 + I});
  Profile P = profileOf(Stacks);
  auto Functions = [&](std::optional<unsigned> Top) {
    llvm::Expected<llvm::json::Value> V =
        llvm::json::parse(renderTraceJson({}, P, Top));
    EXPECT_TRUE(static_cast<bool>(V)) << llvm::toString(V.takeError());
    return V ? V->getAsObject()->getArray("functions")->size() : 0;
  };
  EXPECT_EQ(Functions(std::nullopt), 31u);
  EXPECT_EQ(Functions(3u), 3u);
  std::string Text = renderTraceText({}, P, 20);
  size_t Begin = Text.find("by inclusive share:\n"),
         End = Text.find("\nhottest functions by self share");
  ASSERT_NE(End, std::string::npos);
  std::string Table = Text.substr(Begin, End - Begin);
  EXPECT_EQ(std::count(Table.begin(), Table.end(), '\n'), 22); // title, head
}

// A recursive function is on the hot path once, at its outermost call's
// share (which holds the recursive calls'), not once per call.
TEST(Report, HotPathNamesARecursiveFunctionOnce) {
  Profile P = profileOf({{{"main", "knn", "knn", "dot"}, 60},
                         {{"main", "knn"}, 5},
                         {{"main", "other"}, 25},
                         {{"main"}, 10}});
  std::string Text = renderTraceText({}, P, 20);
  EXPECT_NE(Text.find("\nhot path:\n"
                      "    100.00%  main\n"
                      "     65.00%  knn\n"
                      "     60.00%  dot\n\n"),
            std::string::npos)
      << Text;
  llvm::Expected<llvm::json::Value> V =
      llvm::json::parse(renderTraceJson({}, P, std::nullopt));
  ASSERT_TRUE(static_cast<bool>(V)) << llvm::toString(V.takeError());
  std::vector<std::string> Names;
  for (const llvm::json::Value &Step : *V->getAsObject()->getArray("hot_path"))
    Names.push_back(Step.getAsObject()->getString("name")->str());
  EXPECT_EQ(Names, (std::vector<std::string>{"main", "knn", "dot"}));
  // What analyze's text report prints from the same path.
  Report R;
  for (const auto &[F, W] : P.hotPath())
    R.HotPath.emplace_back(P.functions()[F].Name, W / P.total());
  R.Traces.push_back(
      {"perf.txt", "perf-script", P.total(), "ns", {}, 0, false});
  EXPECT_NE(render(R, Format::Text)
                .find("hot path: main (100.0%) > knn (65.0%) > dot (60.0%)\n"),
            std::string::npos)
      << render(R, Format::Text);
}

TEST(Report, FormatsAreAClosedSet) {
  EXPECT_EQ(parseFormat("text"), Format::Text);
  EXPECT_EQ(parseFormat("json"), Format::Json);
  EXPECT_FALSE(parseFormat("xml").has_value());
}

TEST(Report, AtomicWriteReplacesWholeFileOrNothing) {
  llvm::SmallString<128> Dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("hotpath-out", Dir));
  std::string Path = std::string(Dir) + "/report.json";
  ASSERT_FALSE(static_cast<bool>(writeFileAtomically(Path, "first\n")));
  ASSERT_FALSE(static_cast<bool>(writeFileAtomically(Path, "second\n")));
  std::ifstream In(Path);
  std::stringstream SS;
  SS << In.rdbuf();
  EXPECT_EQ(SS.str(), "second\n");
  // No temporary file is left behind.
  std::error_code EC;
  int Entries = 0;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC))
    ++Entries;
  EXPECT_EQ(Entries, 1);
  // A target in a missing directory fails with the path in the message and
  // creates nothing.
  llvm::Error E =
      writeFileAtomically(std::string(Dir) + "/no/such/r.json", "x");
  ASSERT_TRUE(static_cast<bool>(E));
  EXPECT_NE(llvm::toString(std::move(E)).find("/no/such/r.json: cannot write"),
            std::string::npos);
}

} // namespace
} // namespace hotpath
