//===- RuleFixtureTest.cpp - Every fixture in tests/rules, on mock headers ===//
#include "FixtureExpectations.h"

#include "analyzer/ApiCatalog.h"
#include "analyzer/Frontend.h"
#include "analyzer/python/PyFrontend.h"
#include "rules/Rule.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

namespace hotpath::test {
namespace {

const std::string FixtureDir = HOTPATH_SOURCE_DIR "/tests/rules";

std::vector<std::string> fixtureNames(llvm::StringRef Ext = ".cpp") {
  std::vector<std::string> Names;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(FixtureDir, EC), End;
       It != End && !EC; It.increment(EC))
    if (llvm::sys::path::extension(It->path()) == Ext)
      Names.push_back(llvm::sys::path::stem(It->path()).str());
  std::sort(Names.begin(), Names.end());
  return Names;
}

class RuleFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(RuleFixture, FindsExactlyTheExpectedFindings) {
  std::string Path = FixtureDir + "/" + GetParam() + ".cpp";
  llvm::Expected<ApiCatalog> Catalog = ApiCatalog::loadBuiltin();
  ASSERT_TRUE(static_cast<bool>(Catalog)) << toString(Catalog.takeError());
  RuleSet Rules(createAllRules());
  // A fixture may choose its language standard: "// FLAGS: -std=c++20".
  std::string Text = readFile(Path);
  std::string Standard = "-std=c++17";
  size_t Flags = Text.find("// FLAGS: ");
  if (Flags != std::string::npos)
    Standard = Text.substr(Flags + 10, Text.find('\n', Flags) - Flags - 10);
  llvm::Expected<AnalysisResult> R =
      runFrontendOnFile(Path, {Standard, "-isystem", FixtureDir + "/Inputs"},
                        FixtureDir, defaultResourceDir(), *Catalog, Rules);
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  ASSERT_TRUE(R->Incomplete.empty())
      << "fixture does not compile: " << R->Incomplete.front().FirstError;
  std::vector<Expectation> Expected = parseExpectations(Text);
  ASSERT_FALSE(Expected.empty()) << "a fixture must expect findings";
  for (const std::string &Problem : compare(Expected, R->Findings))
    ADD_FAILURE() << GetParam() << ".cpp: " << Problem;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, RuleFixture,
                         ::testing::ValuesIn(fixtureNames()),
                         [](const ::testing::TestParamInfo<std::string> &Info) {
                           std::string Name = Info.param;
                           std::replace(Name.begin(), Name.end(), '-', '_');
                           return Name;
                         });

/// A data-structure fix retypes the container everywhere it is built and
/// used: each finding names that code (function:first-last), whose measured
/// time counts with the flagged lookup's.
TEST(RuleFixture, OrderedLookupRelatedCode) {
  std::string Path = FixtureDir + "/data-structures-ordered-lookup.cpp";
  ApiCatalog Catalog = llvm::cantFail(ApiCatalog::loadBuiltin());
  RuleSet Rules(createAllRules());
  llvm::Expected<AnalysisResult> R = runFrontendOnFile(
      Path, {"-std=c++20", "-isystem", FixtureDir + "/Inputs"}, FixtureDir,
      defaultResourceDir(), Catalog, Rules);
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  std::map<unsigned, std::string> Got;
  for (const Finding &F : R->Findings) {
    std::string &Out = Got[F.Location.Line];
    for (const RelatedCode &C : F.Related)
      Out += (Out.empty() ? "" : " ") +
             C.Function.substr(0, C.Function.find('(')) + ":" +
             std::to_string(C.Lines.Begin) + "-" + std::to_string(C.Lines.End);
  }
  // countKept: the loader is only declared; the function's closing brace
  // destroys the set (nothing else there has a destructor).
  EXPECT_EQ(Got[16], "countKept:19-19");
  // encode: the emplace that fills the map; `ids` (a vector) is destroyed
  // on the same closing brace, so that line is not the map's.
  EXPECT_EQ(Got[25], "encode:28-28");
  // dedup: the multiset's insert; the map has no other keyed call.
  EXPECT_EQ(Got[39], "dedup:42-42");
  EXPECT_EQ(Got[43], "");
  // A member: its keyed calls in the other methods.
  EXPECT_EQ(Got[133], "Vocab::encode:141-141");
  EXPECT_EQ(Got[141], "Vocab::Vocab:133-133");
  // Reloaded per query: each iteration's teardown, and the loader's insert.
  EXPECT_EQ(Got[217], "reloadPerQuery:219-219 readIds:207-207");
}

/// The Python fixtures (tests/rules/*.py): the same expectations, through
/// the Python frontend.
class PyRuleFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(PyRuleFixture, FindsExactlyTheExpectedFindings) {
  std::string Path = FixtureDir + "/" + GetParam() + ".py";
  RuleSet Rules(createAllRules());
  llvm::Expected<ApiCatalog> Catalog = ApiCatalog::loadBuiltin();
  ASSERT_TRUE(static_cast<bool>(Catalog)) << toString(Catalog.takeError());
  py::PyFrontendOptions Opts;
  Opts.Paths = {Path};
  Opts.ProjectRoot = FixtureDir;
  Opts.Jobs = 1;
  Opts.Catalog = &*Catalog;
  llvm::Expected<AnalysisResult> R = py::runPythonFrontend(Opts, Rules);
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  ASSERT_TRUE(R->Incomplete.empty())
      << "fixture does not parse: " << R->Incomplete.front().FirstError;
  std::vector<Expectation> Expected = parseExpectations(readFile(Path));
  ASSERT_FALSE(Expected.empty()) << "a fixture must expect findings";
  for (const std::string &Problem : compare(Expected, R->Findings))
    ADD_FAILURE() << GetParam() << ".py: " << Problem;
}

INSTANTIATE_TEST_SUITE_P(PyFixtures, PyRuleFixture,
                         ::testing::ValuesIn(fixtureNames(".py")),
                         [](const ::testing::TestParamInfo<std::string> &Info) {
                           std::string Name = Info.param;
                           std::replace(Name.begin(), Name.end(), '-', '_');
                           return Name;
                         });

/// Python batching findings carry the speedup
/// bench/python_batching_speedups.py measured for the API: a model call's,
/// or a FAISS index's when the code shows its class; else none (the
/// category's range applies).
TEST(PyRuleFixture, PyCalibratedSpeedups) {
  ApiCatalog Catalog = llvm::cantFail(ApiCatalog::loadBuiltin());
  RuleSet Rules(createAllRules());
  py::PyFrontendOptions Opts;
  Opts.Paths = {FixtureDir + "/batching-faiss-single-query.py",
                FixtureDir + "/batching-per-item-inference.py"};
  Opts.ProjectRoot = FixtureDir;
  Opts.Jobs = 1;
  Opts.Catalog = &Catalog;
  llvm::Expected<AnalysisResult> R = py::runPythonFrontend(Opts, Rules);
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  std::map<std::string, std::string> Got;
  for (const Finding &F : R->Findings)
    if (F.RuleId == "batching-faiss-single-query" ||
        F.RuleId == "batching-per-item-inference")
      Got[F.Location.File + ":" + std::to_string(F.Location.Line)] =
          F.Speedup ? std::to_string(F.Speedup->Low).substr(0, 4) + "-" +
                          std::to_string(F.Speedup->High).substr(0, 4)
                    : "none";
  const std::string Faiss = "batching-faiss-single-query.py:";
  EXPECT_EQ(Got[Faiss + "11"], "5.30-6.80"); // faiss.IndexFlatL2(...)
  EXPECT_EQ(Got[Faiss + "15"], "5.30-6.80");
  EXPECT_EQ(Got[Faiss + "23"], "none");      // faiss.read_index: class unknown
  EXPECT_EQ(Got[Faiss + "32"], "1.20-2.20"); // index: faiss.IndexIVFFlat
  EXPECT_EQ(Got[Faiss + "41"], "none");      // Flat or IVF: bindings disagree
  unsigned Models = 0;
  for (const auto &[Where, Speedup] : Got)
    if (llvm::StringRef(Where).startswith("batching-per-item-inference.py")) {
      ++Models;
      EXPECT_EQ(Speedup, "1.00-64.8") << Where;
    }
  EXPECT_GT(Models, 0u);
}

/// A per-item call of a project module names the module's forward as its
/// API ("Class.forward", as Scalene names methods: by the object's class),
/// when the code shows the class; else the call's own name.
TEST(PyRuleFixture, ProjectModelCallsNameTheirForward) {
  RuleSet Rules(createAllRules());
  py::PyFrontendOptions Opts;
  Opts.Paths = {FixtureDir + "/batching-per-item-inference.py"};
  Opts.ProjectRoot = FixtureDir;
  Opts.Jobs = 1;
  llvm::Expected<AnalysisResult> R = py::runPythonFrontend(Opts, Rules);
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  std::map<unsigned, std::string> Api;
  for (const Finding &F : R->Findings)
    if (F.RuleId == "batching-per-item-inference")
      Api[F.Location.Line] = F.Api;
  EXPECT_EQ(Api[24], "Encoder.forward"); // model = Encoder().eval()
  EXPECT_EQ(Api[32], "Deeper.forward");  // net = Deeper(), inherits forward
  EXPECT_EQ(Api[39], "model");           // model: nn.Module, class unknown
}

TEST(FixtureExpectations, UnexpectedAndMissingFindingsAreReported) {
  std::vector<Expectation> Expected =
      parseExpectations("f();\n// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: "
                        "slow [caching-x]\n");
  ASSERT_EQ(Expected.size(), 1u);
  EXPECT_EQ(Expected[0].Line, 1u);
  Finding Other;
  Other.RuleId = "caching-x";
  Other.Location = {"a.cpp", 2, 1};
  Other.Message = "slow";
  // One missing (line 1) and one unexpected (line 2).
  EXPECT_EQ(compare(Expected, {Other}).size(), 2u);
  Other.Location.Line = 1;
  EXPECT_TRUE(compare(Expected, {Other}).empty());
  Other.Message = "fast";
  EXPECT_EQ(compare(Expected, {Other}).size(), 1u);
}

} // namespace
} // namespace hotpath::test
