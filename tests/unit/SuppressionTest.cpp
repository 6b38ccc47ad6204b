//===- SuppressionTest.cpp - NOLINT, NOLINTNEXTLINE, NOLINTBEGIN/END ------===//
#include "FixtureExpectations.h"

#include "analyzer/ApiCatalog.h"
#include "analyzer/Frontend.h"
#include "analyzer/Suppressions.h"
#include "rules/Rule.h"

#include <gtest/gtest.h>

namespace hotpath::test {
namespace {

TEST(Suppressions, LineNextLineAndRegions) {
  Suppressions S("a(); // NOLINT\n"                      // 1
                 "b(); // NOLINT(batching-*, micro-x)\n" // 2
                 "// NOLINTNEXTLINE(caching-*)\n"        // 3
                 "c();\n"                                // 4
                 "// NOLINTBEGIN(micro-*)\n"             // 5
                 "d();\n"                                // 6
                 "// NOLINTEND(micro-*)\n"               // 7
                 "e();\n");                              // 8
  EXPECT_TRUE(S.suppresses(1, "anything-at-all"));
  EXPECT_TRUE(S.suppresses(2, "batching-per-item-inference"));
  EXPECT_TRUE(S.suppresses(2, "micro-x"));
  EXPECT_FALSE(S.suppresses(2, "micro-y"));
  EXPECT_FALSE(S.suppresses(3, "caching-loop-invariant-call"));
  EXPECT_TRUE(S.suppresses(4, "caching-loop-invariant-call"));
  EXPECT_FALSE(S.suppresses(4, "batching-per-item-inference"));
  EXPECT_TRUE(S.suppresses(6, "micro-vector-reserve"));
  EXPECT_FALSE(S.suppresses(6, "caching-allocation-in-loop"));
  EXPECT_FALSE(S.suppresses(8, "micro-vector-reserve"));
  EXPECT_TRUE(S.problems().empty());
}

TEST(Suppressions, UnmatchedBeginAndEndAreProblemsAndSilenceNothing) {
  Suppressions S("// NOLINTBEGIN(micro-*)\n"  // 1
                 "a();\n"                     // 2
                 "// NOLINTEND(batching-*)\n" // 3
                 "// NOLINTEND\n");           // 4
  EXPECT_FALSE(S.suppresses(2, "micro-vector-reserve"));
  ASSERT_EQ(S.problems().size(), 3u);
  EXPECT_EQ(S.problems()[0].Line, 1u);
  EXPECT_EQ(S.problems()[0].Message,
            "unmatched 'NOLINTBEGIN(micro-*)' comment without a subsequent "
            "'NOLINTEND' comment");
  EXPECT_EQ(S.problems()[1].Line, 3u);
  EXPECT_EQ(S.problems()[1].Message,
            "unmatched 'NOLINTEND(batching-*)' comment without a previous "
            "'NOLINTBEGIN' comment with the same rules");
  EXPECT_EQ(S.problems()[2].Line, 4u);
}

TEST(Suppressions, AppliedToTheFindingsOfARealFile) {
  std::string Dir = HOTPATH_SOURCE_DIR "/tests/analyzer/Suppression";
  ApiCatalog Catalog = llvm::cantFail(ApiCatalog::loadBuiltin());
  RuleSet Rules(createAllRules());
  llvm::Expected<AnalysisResult> R =
      runFrontendOnFile(Dir + "/nolint.cpp", {"-std=c++17"}, Dir,
                        defaultResourceDir(), Catalog, Rules);
  ASSERT_TRUE(static_cast<bool>(R)) << llvm::toString(R.takeError());
  std::vector<std::string> Got;
  for (const Finding &F : R->Findings)
    Got.push_back(std::to_string(F.Location.Line) + " " + F.RuleId);
  // Lines 8, 9, 12 and 14 are silenced; 10's NOLINT names another rule;
  // the unmatched NOLINTBEGIN at 22 silences nothing.
  EXPECT_EQ(
      Got, (std::vector<std::string>{"10 algorithmic-quadratic-string-build",
                                     "24 algorithmic-quadratic-string-build"}));
  EXPECT_EQ(R->Suppressed, 4u);
  EXPECT_EQ(R->SuppressionProblems,
            (std::vector<std::string>{
                "nolint.cpp:22: unmatched 'NOLINTBEGIN' comment without a "
                "subsequent 'NOLINTEND' comment",
                "nolint.cpp:27: unmatched 'NOLINTEND(micro-*)' comment "
                "without a previous 'NOLINTBEGIN' comment with the same "
                "rules"}));
}

TEST(Suppressions, PythonNoqa) {
  const char *Text =
      "a()  # noqa\n"                                          // 1
      "b()  # noqa: batching-*, caching-loop-invariant-call\n" // 2
      "c()  # noqa: F401\n"                                    // 3
      "d()  # NOQA:micro-x keep: reason\n"                     // 4
      "e()  # noqanything\n"                                   // 5
      "f()  # type: ignore  # noqa:\n"                         // 6
      "g()  # NOLINT(micro-y)\n";                              // 7
  Suppressions S(Text, /*Python=*/true);
  EXPECT_TRUE(S.suppresses(1, "anything-at-all"));
  EXPECT_TRUE(S.suppresses(2, "batching-per-item-inference"));
  EXPECT_TRUE(S.suppresses(2, "caching-loop-invariant-call"));
  EXPECT_FALSE(S.suppresses(2, "micro-x"));
  // Another linter's code is not one of hotpath's rules.
  EXPECT_FALSE(S.suppresses(3, "batching-per-item-inference"));
  EXPECT_TRUE(S.suppresses(4, "micro-x"));
  // The words after the codes are a comment, not codes.
  EXPECT_FALSE(S.suppresses(4, "keep"));
  EXPECT_FALSE(S.suppresses(5, "micro-x"));
  EXPECT_TRUE(S.suppresses(6, "micro-x"));
  EXPECT_TRUE(S.suppresses(7, "micro-y"));
  EXPECT_FALSE(S.suppresses(8, "micro-y"));
  // In a C++ file `# noqa` means nothing.
  Suppressions Cpp(Text);
  EXPECT_FALSE(Cpp.suppresses(1, "anything-at-all"));
  EXPECT_TRUE(S.problems().empty());
}

} // namespace
} // namespace hotpath::test
