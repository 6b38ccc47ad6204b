//===- ConfigTest.cpp - .hotpath.yaml: keys, errors, round trip -----------===//
#include "analyzer/Config.h"

#include <gtest/gtest.h>

namespace hotpath {
namespace {

std::string parseError(llvm::StringRef Yaml) {
  llvm::Expected<Config> C = Config::parse(Yaml, "/p/.hotpath.yaml");
  return C ? std::string() : llvm::toString(C.takeError());
}

TEST(Config, EveryKeyAndTheDumpRoundTrips) {
  llvm::Expected<Config> C = Config::parse(
      "Rules: '-*,batching-*,caching-*,-caching-allocation-in-loop'\n"
      "ColdThreshold: 0.05\n"
      "HeaderFilterRegex: 'include/.*'\n"
      "Exclude: ['generated/*', 'tools/legacy/*']\n"
      "Priorities:\n"
      "  caching: {Speedup: [2, 8], Priority: critical}\n"
      "RuleOptions:\n"
      "  algorithmic-linear-search-in-loop.MaxTinySize: '4'\n",
      "/p/.hotpath.yaml");
  ASSERT_TRUE(static_cast<bool>(C)) << llvm::toString(C.takeError());
  EXPECT_TRUE(C->ruleEnabled("batching-per-item-inference"));
  EXPECT_TRUE(C->ruleEnabled("caching-loop-invariant-call"));
  EXPECT_FALSE(C->ruleEnabled("caching-allocation-in-loop"));
  EXPECT_FALSE(C->ruleEnabled("micro-vector-reserve"));
  EXPECT_DOUBLE_EQ(C->ColdThreshold, 0.05);
  EXPECT_EQ(C->Exclude,
            (std::vector<std::string>{"generated/*", "tools/legacy/*"}));
  EXPECT_EQ(C->Priorities.at("caching").Speedup, std::make_pair(2.0, 8.0));
  EXPECT_EQ(*C->Priorities.at("caching").Priority, "critical");
  EXPECT_FALSE(C->Priorities.at("caching").Effort.has_value());
  std::string Dump = C->dump();
  llvm::Expected<Config> Again = Config::parse(Dump, "/p/dumped.yaml");
  ASSERT_TRUE(static_cast<bool>(Again)) << llvm::toString(Again.takeError());
  EXPECT_EQ(Again->dump(), Dump);
  // Defaults: everything enabled.
  Config D;
  EXPECT_TRUE(D.ruleEnabled("micro-vector-reserve"));
  EXPECT_EQ(Config::parse("", "/p/empty.yaml")->dump(), D.dump());
}

TEST(Config, ErrorsNameTheFileTheLineAndTheKey) {
  EXPECT_EQ(parseError("Rules: '*'\nColdThresold: 0.1\n"),
            "/p/.hotpath.yaml:2: unknown key 'ColdThresold' (Rules, "
            "ColdThreshold, HeaderFilterRegex, Exclude, Priorities, "
            "Catalogs, RuleOptions)");
  EXPECT_EQ(parseError("Exclude: 'gen/*'\n"),
            "/p/.hotpath.yaml:1: 'Exclude' must be a list of globs");
  EXPECT_EQ(parseError("Exclude: ['[z']\n"),
            "/p/.hotpath.yaml:1: 'Exclude' has an invalid glob '[z'");
  EXPECT_EQ(parseError("ColdThreshold: lots\n"),
            "/p/.hotpath.yaml:1: 'ColdThreshold' must be a number, not 'lots'");
  EXPECT_EQ(parseError("ColdThreshold: 3\n"),
            "/p/.hotpath.yaml:1: 'ColdThreshold' must be between 0 and 1");
  EXPECT_EQ(parseError("Priorities:\n  fast: {}\n"),
            "/p/.hotpath.yaml:2: unknown category 'fast'");
  EXPECT_EQ(parseError("Priorities:\n  micro:\n    Speedup: [3, 1]\n"),
            "/p/.hotpath.yaml:3: 'Speedup' must be [low, high] with 1 <= low "
            "<= high");
  EXPECT_EQ(parseError("Priorities:\n  micro: {Effort: huge}\n"),
            "/p/.hotpath.yaml:2: invalid Effort 'huge'");
  EXPECT_EQ(
      parseError("HeaderFilterRegex: '('\n")
          .rfind("/p/.hotpath.yaml:1: 'HeaderFilterRegex' is not a valid regex",
                 0),
      0u);
  EXPECT_EQ(parseError("Catalogs: [nowhere.json]\n"),
            "/p/.hotpath.yaml:1: catalog 'nowhere.json' does not exist");
  EXPECT_EQ(parseError("- a\n- b\n"),
            "/p/.hotpath.yaml:1: expected a mapping of keys");
}

// Issue 12: a .hotpath.yaml comes from the analysed repository (any pull
// request). Malformed YAML is one error line, never a crash.
TEST(Config, MalformedYamlIsAnErrorNotACrash) {
  EXPECT_EQ(parseError("Rules: a\nRules: b\n"),
            "/p/.hotpath.yaml:2: repeated key 'Rules'");
  EXPECT_EQ(parseError(std::string("Rules: 'a\0b'\n", 13)),
            "/p/.hotpath.yaml:1: invalid YAML: a NUL byte");
  for (const char *Bad :
       {"Exclude:\n  - [\n", "? : x\n", ":\n", "Rules: [a, b\n", "{Rules: a",
        "Priorities:\n  micro:\n    Speedup: [1, &a 2, *a]\n",
        "RuleOptions: {a: }\n", "Exclude: [*x]\n", "- ? - : -\n",
        "Priorities: {micro: [1]}\n", "\t- a\n",
        // fuzz_config, minimised: a value node made up by the parser whose
        // location is in no buffer (SourceMgr indexed its buffers with -1).
        "Priorities:\n micro:\n%"}) {
    std::string Msg = parseError(Bad);
    EXPECT_EQ(Msg.rfind("/p/.hotpath.yaml:", 0), 0u) << Bad << " -> " << Msg;
    EXPECT_EQ(Msg.find('\n'), std::string::npos) << Msg;
  }
}

} // namespace
} // namespace hotpath
