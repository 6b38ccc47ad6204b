//===- IntegrationTest.cpp - Real headers, the bundled example, cross-TU --===//
#include "FixtureExpectations.h"

#include "analyzer/ApiCatalog.h"
#include "analyzer/Frontend.h"
#include "model/Names.h"
#include "ranking/Ranking.h"
#include "report/Reporter.h"
#include "rules/Rule.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <fstream>

namespace hotpath::test {
namespace {

const std::string SourceDir = HOTPATH_SOURCE_DIR;
const std::string BinaryDir = HOTPATH_BINARY_DIR;

llvm::Expected<AnalysisResult> analyze(FrontendOptions Opts) {
  static const ApiCatalog Catalog = llvm::cantFail(ApiCatalog::loadBuiltin());
  static const RuleSet Rules(createAllRules());
  Opts.ResourceDir = defaultResourceDir();
  Opts.Jobs = 2;
  return runFrontend(Opts, Catalog, Rules);
}

TEST(RealHeaders, EveryRuleFamilyOnLibtorchAndFaiss) {
  std::string File = SourceDir + "/tests/integration/real_headers.cpp";
  FrontendOptions Opts;
  Opts.BuildPath = BinaryDir;
  Opts.Files = {File};
  Opts.ProjectRoot = SourceDir;
  llvm::Expected<AnalysisResult> R = analyze(Opts);
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  ASSERT_TRUE(R->Incomplete.empty()) << R->Incomplete.front().FirstError;
  std::vector<Expectation> Expected = parseExpectations(readFile(File));
  ASSERT_EQ(Expected.size(), 11u);
  for (const std::string &Problem : compare(Expected, R->Findings))
    ADD_FAILURE() << Problem;
}

TEST(BundledExample, ProducesTheFindingsTheReadmeShows) {
  FrontendOptions Opts;
  Opts.BuildPath = BinaryDir;
  Opts.Files = {SourceDir + "/examples/search_service/main.cpp"};
  Opts.ProjectRoot = SourceDir;
  llvm::Expected<AnalysisResult> R = analyze(Opts);
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  Report Rep;
  Rep.Findings = rankUnmeasured(std::move(R->Findings),
                                llvm::cantFail(PriorityTable::loadBuiltin()));
  Rep.FilesAnalysed = R->FilesAnalysed;
  std::string Text = renderText(Rep);
  std::string Expected =
      readFile(SourceDir + "/examples/search_service/expected-findings.txt");
  EXPECT_EQ(Text, Expected);
  // The README shows exactly this output.
  std::string Readme = readFile(SourceDir + "/README.md");
  EXPECT_NE(Readme.find(Expected), std::string::npos)
      << "README.md does not show examples/search_service/"
         "expected-findings.txt verbatim";
}

/// Writes a compilation database for files under tests/analyzer/CrossTU.
std::string crossTuDatabase(const std::vector<std::string> &Files) {
  llvm::SmallString<128> Dir;
  llvm::sys::fs::createUniqueDirectory("hotpath-crosstu", Dir);
  std::ofstream Db(std::string(Dir) + "/compile_commands.json");
  Db << "[";
  for (size_t I = 0; I < Files.size(); ++I)
    Db << (I ? "," : "") << "{\"directory\": \"" << SourceDir
       << "\", \"file\": \"" << Files[I] << "\", \"arguments\": [\"c++\", "
       << "\"-std=c++17\", \"-c\", \"" << Files[I] << "\"]}";
  Db << "]";
  return std::string(Dir);
}

TEST(CrossTU, ExpensivenessOfAFunctionDefinedInAnotherFile) {
  std::string Dir = SourceDir + "/tests/analyzer/CrossTU";
  std::vector<std::string> Files = {Dir + "/caller.cpp", Dir + "/loader.cpp"};
  FrontendOptions Opts;
  Opts.BuildPath = crossTuDatabase(Files);
  Opts.ProjectRoot = SourceDir;
  llvm::Expected<AnalysisResult> Both = analyze(Opts);
  ASSERT_TRUE(static_cast<bool>(Both)) << toString(Both.takeError());
  // Each file's findings against its own expectations.
  for (const char *Name : {"caller.cpp", "loader.cpp"}) {
    std::vector<Finding> InFile;
    for (const Finding &F : Both->Findings)
      if (llvm::StringRef(F.Location.File).endswith(Name))
        InFile.push_back(F);
    std::vector<Expectation> Expected =
        parseExpectations(readFile(Dir + "/" + Name));
    ASSERT_EQ(Expected.size(), 1u) << Name;
    for (const std::string &Problem : compare(Expected, InFile))
      ADD_FAILURE() << Name << ": " << Problem;
  }
  // Without loader.cpp nothing shows that loadTable() is expensive.
  Opts.Files = {Dir + "/caller.cpp"};
  Opts.BuildPath = crossTuDatabase({Dir + "/caller.cpp"});
  llvm::Expected<AnalysisResult> CallerOnly = analyze(Opts);
  ASSERT_TRUE(static_cast<bool>(CallerOnly));
  EXPECT_TRUE(CallerOnly->Findings.empty());
}

TEST(Frontend, CompileErrorsGiveIncompleteResultsAndTheRunGoesOn) {
  std::string Dir = SourceDir + "/tests/analyzer/CompileErrors";
  std::vector<std::string> Files = {Dir + "/broken.cpp", Dir + "/fine.cpp"};
  FrontendOptions Opts;
  Opts.BuildPath = crossTuDatabase(Files);
  Opts.ProjectRoot = SourceDir;
  llvm::Expected<AnalysisResult> R = analyze(Opts);
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  ASSERT_EQ(R->Incomplete.size(), 1u);
  EXPECT_EQ(R->Incomplete[0].File, "tests/analyzer/CompileErrors/broken.cpp");
  EXPECT_EQ(R->Incomplete[0].CompileErrors, 2u);
  EXPECT_NE(R->Incomplete[0].FirstError.find("broken.cpp:"), std::string::npos);
  // Both files still give their findings: broken.cpp as far as Clang
  // recovered.
  std::vector<std::string> Got;
  for (const Finding &F : R->Findings)
    Got.push_back(F.Location.File + ":" + std::to_string(F.Location.Line) +
                  " " + F.RuleId);
  EXPECT_EQ(Got, (std::vector<std::string>{
                     "tests/analyzer/CompileErrors/broken.cpp:8 "
                     "micro-vector-reserve",
                     "tests/analyzer/CompileErrors/broken.cpp:11 "
                     "caching-loop-invariant-call",
                     "tests/analyzer/CompileErrors/fine.cpp:10 "
                     "caching-loop-invariant-call"}));
}

TEST(Frontend, OnlyProjectCodeIsTraversedAndLibraryBodiesAreSkipped) {
  std::string Dir = SourceDir + "/tests/analyzer/Library";
  static const ApiCatalog Catalog = llvm::cantFail(ApiCatalog::loadBuiltin());
  static const RuleSet Rules(createAllRules());
  llvm::Expected<AnalysisResult> R = runFrontendOnFile(
      Dir + "/main.cpp",
      {"-std=c++17", "-isystem", Dir + "/sys", "-I", Dir + "/proj"}, Dir,
      defaultResourceDir(), Catalog, Rules);
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  // vendor.h's body would not compile: it was skipped, not parsed.
  EXPECT_TRUE(R->Incomplete.empty()) << R->Incomplete.front().FirstError;
  std::vector<std::string> Functions;
  for (const auto &[Key, Node] : R->Graph.functions())
    Functions.push_back(Node.Name + " @ " + Node.Location.File);
  std::sort(Functions.begin(), Functions.end());
  EXPECT_EQ(Functions,
            (std::vector<std::string>{
                "both(const std::string &) @ main.cpp",
                "projectCount(const std::string &, int) @ proj/helpers.h"}));
  ASSERT_EQ(R->Findings.size(), 1u);
  EXPECT_EQ(R->Findings[0].Location.File, "proj/helpers.h");
  EXPECT_EQ(R->Findings[0].Location.Line, 9u);
  EXPECT_EQ(R->Findings[0].RuleId, "caching-loop-invariant-call");
}

TEST(Frontend, CodeThatOnlyPrintsIsDiagnostic) {
  std::string Dir = SourceDir + "/tests/analyzer/Diagnostic";
  static const ApiCatalog Catalog = llvm::cantFail(ApiCatalog::loadBuiltin());
  static const RuleSet Rules(createAllRules());
  llvm::Expected<AnalysisResult> R =
      runFrontendOnFile(Dir + "/report.cpp", {"-std=c++17"}, Dir,
                        defaultResourceDir(), Catalog, Rules);
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  std::vector<std::string> Got;
  for (const Finding &F : R->Findings)
    Got.push_back(F.RuleId + " " + withoutParameters(F.Function) + ":" +
                  std::to_string(F.Location.Line) + " " +
                  codeRoleName(codeRoleOf(F)));
  EXPECT_EQ(Got, (std::vector<std::string>{
                     "algorithmic-linear-search-in-loop display:11 diagnostic",
                     "algorithmic-linear-search-in-loop recall:25 diagnostic",
                     "algorithmic-linear-search-in-loop overlap:44 library",
                     "algorithmic-linear-search-in-loop check:62 library"}));
}

TEST(FixIts, RangeForCopyBecomesAConstReference) {
  std::string Dir = SourceDir + "/tests/analyzer/FixIts";
  static const ApiCatalog Catalog = llvm::cantFail(ApiCatalog::loadBuiltin());
  static const RuleSet Rules(createAllRules());
  llvm::Expected<AnalysisResult> R =
      runFrontendOnFile(Dir + "/range_for.cpp", {"-std=c++17"}, Dir,
                        defaultResourceDir(), Catalog, Rules);
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  ASSERT_EQ(R->Findings.size(), 2u);
  // Apply each finding's edits (from the last offset back) to the file.
  std::string Text = readFile(Dir + "/range_for.cpp");
  std::vector<Replacement> All;
  for (const Finding &F : R->Findings)
    All.insert(All.end(), F.FixIts.begin(), F.FixIts.end());
  std::sort(All.begin(), All.end(),
            [](const Replacement &A, const Replacement &B) {
              return A.Offset > B.Offset;
            });
  for (const Replacement &E : All)
    Text.replace(E.Offset, E.Length, E.Text);
  EXPECT_NE(Text.find("for (const std::string &name : names)"),
            std::string::npos)
      << Text;
  // Already const: only the '&'.
  EXPECT_NE(Text.find("for (const std::vector<float> &row : rows)"),
            std::string::npos)
      << Text;
  EXPECT_EQ(R->Findings[0].FixIts.size(), 2u);
  EXPECT_EQ(R->Findings[0].FixIts[0].Line, 7u);
  EXPECT_EQ(R->Findings[0].FixIts[0].Column, 8u);
  EXPECT_EQ(R->Findings[1].FixIts.size(), 1u);
  // A written fix is low effort, whatever the category's (micro: high).
  std::vector<RankedFinding> Ranked =
      rankUnmeasured(R->Findings, llvm::cantFail(PriorityTable::loadBuiltin()));
  EXPECT_EQ(Ranked[0].Effort, "low");
}

TEST(Frontend, FatalInputErrorsNameTheFile) {
  FrontendOptions Opts;
  Opts.BuildPath = SourceDir + "/no-such-build-dir";
  llvm::Expected<AnalysisResult> R = analyze(Opts);
  ASSERT_FALSE(static_cast<bool>(R));
  EXPECT_NE(toString(R.takeError())
                .find("no-such-build-dir/compile_commands."
                      "json: no compilation database"),
            std::string::npos);
  Opts.BuildPath = BinaryDir;
  Opts.Files = {SourceDir + "/README.md"};
  R = analyze(Opts);
  ASSERT_FALSE(static_cast<bool>(R));
  EXPECT_NE(toString(R.takeError())
                .find("README.md: not in compilation "
                      "database"),
            std::string::npos);
}

} // namespace
} // namespace hotpath::test
