//===- PriorityTable.cpp --------------------------------------------------===//
#include "ranking/PriorityTable.h"
#include "model/EmbeddedFile.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <vector>

namespace hotpath {

const std::vector<EmbeddedFile> &embeddedPriorityTable();

double CategoryPriority::expectedSpeedup() const {
  return std::sqrt(SpeedupLow * SpeedupHigh);
}

int PriorityTable::tierOrder(llvm::StringRef Priority) {
  if (Priority == "critical")
    return 0;
  if (Priority == "high")
    return 1;
  if (Priority == "low")
    return 2;
  return 3;
}

int PriorityTable::effortOrder(llvm::StringRef Effort) {
  if (Effort == "low")
    return 0;
  if (Effort == "medium")
    return 1;
  return 2;
}

namespace {

std::optional<std::pair<double, double>> speedupPair(const nlohmann::json &S) {
  if (!S.is_array() || S.size() != 2 || !S[0].is_number() ||
      !S[1].is_number() || S[0].get<double>() < 1.0 ||
      S[1].get<double>() < S[0].get<double>())
    return std::nullopt;
  return std::make_pair(S[0].get<double>(), S[1].get<double>());
}

} // namespace

const SpeedupRange *PriorityTable::ruleSpeedup(llvm::StringRef RuleId) const {
  auto It = RuleSpeedups.find(RuleId.str());
  return It == RuleSpeedups.end() ? nullptr : &It->second;
}

void PriorityTable::overrideRow(
    Category C, std::optional<std::pair<double, double>> Speedup,
    std::optional<std::string> Effort, std::optional<std::string> Priority) {
  CategoryPriority &Row = Rows.at(C);
  if (Speedup) {
    Row.SpeedupLow = Speedup->first;
    Row.SpeedupHigh = Speedup->second;
  }
  if (Effort)
    Row.Effort = *Effort;
  if (Priority)
    Row.Priority = *Priority;
}

llvm::Expected<PriorityTable> PriorityTable::loadBuiltin() {
  const EmbeddedFile &F = embeddedPriorityTable().front();
  return parse(F.Contents, F.Name);
}

llvm::Expected<PriorityTable> PriorityTable::parse(llvm::StringRef Json,
                                                   llvm::StringRef Origin) {
  auto Fail = [&](const std::string &What) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s: %s",
                                   Origin.str().c_str(), What.c_str());
  };
  nlohmann::json J = nlohmann::json::parse(Json.begin(), Json.end(), nullptr,
                                           /*allow_exceptions=*/false);
  if (J.is_discarded() || !J.is_object() || !J.contains("categories") ||
      !J["categories"].is_array())
    return Fail("expected an object with a 'categories' array");
  PriorityTable T;
  for (const nlohmann::json &Row : J["categories"]) {
    if (!Row.is_object() || !Row.contains("id") || !Row["id"].is_string())
      return Fail("a category row without an 'id'");
    std::string Id = Row["id"].get<std::string>();
    std::optional<Category> C = parseCategory(Id);
    if (!C)
      return Fail("unknown category '" + Id + "'");
    std::optional<std::pair<double, double>> S =
        speedupPair(Row.value("speedup", nlohmann::json()));
    if (!S)
      return Fail("category '" + Id +
                  "': 'speedup' must be [low, high] "
                  "with 1 <= low <= high");
    CategoryPriority P;
    P.SpeedupLow = S->first;
    P.SpeedupHigh = S->second;
    P.Effort = Row.value("effort", "");
    P.Priority = Row.value("priority", "");
    if (P.Effort != "low" && P.Effort != "medium" && P.Effort != "high")
      return Fail("category '" + Id + "': effort must be low, medium or high");
    if (P.Priority != "critical" && P.Priority != "high" &&
        P.Priority != "low" && P.Priority != "skip")
      return Fail("category '" + Id +
                  "': priority must be critical, high, low or skip");
    T.Rows[*C] = P;
  }
  for (Category C :
       {Category::Algorithmic, Category::Batching, Category::Caching,
        Category::Vectorization, Category::DataStructures, Category::CodeLevel,
        Category::Micro})
    if (!T.Rows.count(C))
      return Fail(std::string("no row for category '") + categoryId(C) + "'");
  if (J.contains("rules")) {
    if (!J["rules"].is_object())
      return Fail("'rules' must be an object of rule ids");
    for (auto It = J["rules"].begin(); It != J["rules"].end(); ++It) {
      const nlohmann::json &R = It.value();
      std::optional<std::pair<double, double>> S =
          R.is_object() ? speedupPair(R.value("speedup", nlohmann::json()))
                        : std::nullopt;
      if (!S || !R.contains("why") || !R["why"].is_string())
        return Fail("rule '" + It.key() +
                    "': expected {\"speedup\": [low, high], \"why\": \"...\"}");
      T.RuleSpeedups[It.key()] = {S->first, S->second,
                                  R["why"].get<std::string>()};
    }
  }
  return T;
}

} // namespace hotpath
