//===- Finding.cpp --------------------------------------------------------===//
#include "model/Finding.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

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

CodeRole codeRoleOf(const std::string &Path) {
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  llvm::StringRef(Path).split(Parts, '/');
  if (Parts.empty())
    return CodeRole::Library;
  auto Is = [](llvm::StringRef Part,
               std::initializer_list<llvm::StringRef> Names) {
    return llvm::is_contained(Names, Part.lower());
  };
  for (size_t I = 0; I + 1 < Parts.size(); ++I) {
    if (Is(Parts[I], {"test", "tests", "testing", "unittest", "unittests"}))
      return CodeRole::Test;
    if (Is(Parts[I], {"bench", "benchs", "benchmark", "benchmarks"}))
      return CodeRole::Benchmark;
    if (Is(Parts[I], {"demo", "demos", "example", "examples", "tutorial",
                      "tutorials", "sample", "samples"}))
      return CodeRole::Demo;
  }
  llvm::StringRef Name = Parts.back();
  llvm::StringRef Stem = Name.take_until([](char C) { return C == '.'; });
  if (Stem.startswith("test_") || Stem.endswith("_test") ||
      Stem.endswith("_unittest"))
    return CodeRole::Test;
  if (Stem.startswith("bench_") || Stem.endswith("_bench") ||
      Stem.endswith("_benchmark"))
    return CodeRole::Benchmark;
  return CodeRole::Library;
}

CodeRole codeRoleOf(const Finding &F) {
  return F.Diagnostic ? CodeRole::Diagnostic : codeRoleOf(F.Location.File);
}

const char *codeRoleName(CodeRole R) {
  switch (R) {
  case CodeRole::Library:
    return "library";
  case CodeRole::Test:
    return "test";
  case CodeRole::Benchmark:
    return "benchmark";
  case CodeRole::Demo:
    return "demo";
  case CodeRole::Diagnostic:
    return "diagnostic";
  }
  return "library";
}

} // namespace hotpath
