//===- Finding.cpp --------------------------------------------------------===//
#include "model/Finding.h"

#include <cstdint>
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

std::string lineHash(const std::string &LineText) {
  uint64_t H = 14695981039346656037ULL;
  for (unsigned char C : LineText) {
    if (C == ' ' || C == '\t' || C == '\r' || C == '\n' || C == '\v' ||
        C == '\f')
      continue;
    H ^= C;
    H *= 1099511628211ULL;
  }
  static const char Hex[] = "0123456789abcdef";
  std::string Out(16, '0');
  for (int I = 15; I >= 0; --I, H >>= 4)
    Out[I] = Hex[H & 0xf];
  return Out;
}

bool locationOrder(const Finding &A, const Finding &B) {
  return std::tie(A.Location.File, A.Location.Line, A.Location.Column, A.RuleId,
                  A.Message) < std::tie(B.Location.File, B.Location.Line,
                                        B.Location.Column, B.RuleId, B.Message);
}

} // namespace hotpath
