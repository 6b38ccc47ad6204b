//===- Finding.cpp --------------------------------------------------------===//
#include "model/Finding.h"

#include <tuple>

namespace hotpath {

namespace {
struct CategoryName {
  Category Cat;
  const char *Id;
};
constexpr CategoryName CategoryNames[] = {
    {Category::Algorithmic, "algorithmic"},
    {Category::Batching, "batching"},
    {Category::Caching, "caching"},
    {Category::Vectorization, "vectorization"},
    {Category::DataStructures, "data-structures"},
    {Category::CodeLevel, "code-level"},
    {Category::Micro, "micro"},
};
} // namespace

const char *categoryId(Category C) {
  for (const CategoryName &N : CategoryNames)
    if (N.Cat == C)
      return N.Id;
  return "micro";
}

std::optional<Category> parseCategory(const std::string &Id) {
  for (const CategoryName &N : CategoryNames)
    if (Id == N.Id)
      return N.Cat;
  return std::nullopt;
}

bool locationOrder(const Finding &A, const Finding &B) {
  return std::tie(A.Location.File, A.Location.Line, A.Location.Column, A.RuleId,
                  A.Message) < std::tie(B.Location.File, B.Location.Line,
                                        B.Location.Column, B.RuleId, B.Message);
}

} // namespace hotpath
