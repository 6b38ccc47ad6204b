//===- CatalogTest.cpp - Catalog data: operators, calibrated speedups -----===//
#include "analyzer/ApiCatalog.h"
#include "ranking/PriorityTable.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace hotpath {
namespace {

std::string catalogError(const char *Json) {
  ApiCatalog C;
  llvm::Error E = C.addDocument(Json, "c.json");
  return E ? llvm::toString(std::move(E)) : std::string();
}

TEST(Catalog, ShippedOperatorsAndSpeedups) {
  ApiCatalog C = llvm::cantFail(ApiCatalog::loadBuiltin());
  const auto &Inference = C.OperatorsByKind.at("inference");
  EXPECT_NE(std::find(Inference.begin(), Inference.end(), "aten::addmm"),
            Inference.end());
  const auto &Transfer = C.OperatorsByKind.at("transfer");
  EXPECT_NE(std::find(Transfer.begin(), Transfer.end(), "aten::to"),
            Transfer.end());
  EXPECT_DOUBLE_EQ(C.SpeedupByKind.at("inference").Low, 6.5);
  // Class-specific FAISS entries come first (the first match wins) and carry
  // the ranges bench/batching_speedups measured; the generic ones none.
  auto First = [&](const std::string &Method) -> const BatchableMethod & {
    return *std::find_if(
        C.Batchable.begin(), C.Batchable.end(),
        [&](const BatchableMethod &B) { return B.Method == Method; });
  };
  EXPECT_EQ(First("search").Class, "faiss::IndexIVF");
  ASSERT_TRUE(First("search").Speedup.has_value());
  EXPECT_DOUBLE_EQ(First("search").Speedup->Low, 1.1);
  EXPECT_DOUBLE_EQ(First("search").Speedup->High, 2.7);
  EXPECT_EQ(First("search").Operators,
            std::vector<std::string>{"faiss::*::search"});
  for (const BatchableMethod &B : C.Batchable) {
    if (B.Class == "faiss::Index") {
      EXPECT_FALSE(B.Speedup.has_value()) << B.Method;
    }
  }
}

TEST(Catalog, ShippedPythonSpeedups) {
  ApiCatalog C = llvm::cantFail(ApiCatalog::loadBuiltin());
  // bench/python_batching_speedups.py: the calls made from Python.
  ASSERT_TRUE(C.pythonSpeedup("inference").has_value());
  EXPECT_DOUBLE_EQ(C.pythonSpeedup("inference")->Low, 1.0);
  EXPECT_DOUBLE_EQ(C.pythonSpeedup("inference")->High, 64.8);
  EXPECT_FALSE(C.pythonSpeedup("transfer").has_value());
  std::optional<SpeedupRange> Flat =
      C.pythonSpeedup("faiss::IndexFlat", "search");
  ASSERT_TRUE(Flat.has_value());
  EXPECT_DOUBLE_EQ(Flat->Low, 5.3);
  EXPECT_DOUBLE_EQ(Flat->High, 6.8);
  EXPECT_NE(Flat->Source.find("python_batching_speedups"), std::string::npos);
  EXPECT_DOUBLE_EQ(C.pythonSpeedup("faiss::IndexIVF", "add")->Low, 8.2);
  // No calibration for an index whose class the code does not show.
  EXPECT_FALSE(C.pythonSpeedup("faiss::Index", "search").has_value());
  EXPECT_FALSE(C.pythonSpeedup("faiss::IndexHNSW", "search").has_value());
}

TEST(Catalog, BadOperatorAndSpeedupEntriesAreErrors) {
  EXPECT_EQ(catalogError(R"({"operators": []})"),
            "c.json: 'operators' is not an object");
  EXPECT_EQ(catalogError(R"({"operators": {"gpu": ["aten::mm"]}})"),
            "c.json: unknown operator kind 'gpu' (inference, transfer)");
  EXPECT_EQ(catalogError(R"({"speedups": {"training": [2, 3]}})"),
            "c.json: unknown speedup kind 'training' (inference, transfer)");
  EXPECT_NE(catalogError(R"({"speedups": {"inference": [0.5, 2]}})")
                .find("c.json: malformed entry: "),
            std::string::npos);
  EXPECT_NE(
      catalogError(
          R"({"batchable": [{"class": "C", "method": "m", "speedup": [3]}]})")
          .find("a speedup is [low, high] with 1 <= low <= high"),
      std::string::npos);
  EXPECT_EQ(catalogError(R"({"speedups": {"inference": [2, 3]}})"), "");
  EXPECT_EQ(catalogError(R"({"python_speedups": [2, 3]})"),
            "c.json: 'python_speedups' is not an object");
  EXPECT_EQ(catalogError(R"({"python_speedups": {"search": [2, 3]}})"),
            "c.json: unknown speedup kind 'search' (inference, transfer)");
  EXPECT_NE(catalogError(R"({"batchable": [{"class": "C", "method": "m",
                                            "python_speedup": [0.9, 2]}]})")
                .find("a speedup is [low, high] with 1 <= low <= high"),
            std::string::npos);
}

TEST(Catalog, RuleSpeedupsOfThePriorityTable) {
  const char *Rows = R"("categories": [
    {"id": "algorithmic", "speedup": [10, 100], "effort": "high", "priority": "critical"},
    {"id": "batching", "speedup": [5, 20], "effort": "medium", "priority": "critical"},
    {"id": "caching", "speedup": [2, 10], "effort": "low", "priority": "high"},
    {"id": "vectorization", "speedup": [2, 5], "effort": "medium", "priority": "high"},
    {"id": "data-structures", "speedup": [2, 5], "effort": "low", "priority": "high"},
    {"id": "code-level", "speedup": [1.2, 2], "effort": "medium", "priority": "low"},
    {"id": "micro", "speedup": [1, 1.1], "effort": "high", "priority": "skip"}])";
  auto Parse = [&](const std::string &Rules) {
    return PriorityTable::parse("{" + std::string(Rows) + Rules + "}",
                                "p.json");
  };
  llvm::Expected<PriorityTable> Good = Parse(
      R"(, "rules": {"x-hoist": {"speedup": [10, 1000], "why": "trip count"}})");
  ASSERT_TRUE(static_cast<bool>(Good)) << llvm::toString(Good.takeError());
  ASSERT_NE(Good->ruleSpeedup("x-hoist"), nullptr);
  EXPECT_EQ(Good->ruleSpeedup("x-hoist")->Source, "trip count");
  EXPECT_EQ(Good->ruleSpeedup("y"), nullptr);
  for (const char *Bad :
       {R"(, "rules": []})", R"(, "rules": {"x": {"speedup": [10, 1000]}})",
        R"(, "rules": {"x": {"speedup": [0, 1], "why": ""}})"}) {
    llvm::Expected<PriorityTable> T = Parse(Bad);
    ASSERT_FALSE(static_cast<bool>(T)) << Bad;
    std::string Message = llvm::toString(T.takeError());
    EXPECT_EQ(Message.rfind("p.json: ", 0), 0u) << Message;
  }
}

} // namespace
} // namespace hotpath
