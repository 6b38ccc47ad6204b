//===- LoopFactsTest.cpp - Loop and data-flow facts -----------------------===//
#include "analyzer/LoopFacts.h"
#include "analyzer/ApiCatalog.h"
#include "analyzer/Frontend.h"
#include "analyzer/TUContext.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace hotpath {
namespace {

/// Parses `Code`, builds the facts of function `f`, and answers questions
/// about its loops by variable name.
class Facts {
public:
  explicit Facts(const std::string &Code, std::vector<std::string> Extra = {})
      : Catalog(llvm::cantFail(ApiCatalog::loadBuiltin())) {
    std::vector<std::string> Args = {"-std=c++17",
                                     "-resource-dir=" + defaultResourceDir()};
    Args.insert(Args.end(), Extra.begin(), Extra.end());
    AST = clang::tooling::buildASTFromCodeWithArgs(
        "#include <algorithm>\n#include <utility>\n#include <vector>\n" + Code,
        Args, "input.cpp");
    for (clang::Decl *D :
         AST->getASTContext().getTranslationUnitDecl()->decls()) {
      if (auto *TD = llvm::dyn_cast<clang::FunctionTemplateDecl>(D))
        D = TD->getTemplatedDecl(); // the pattern, as the frontend sees it
      if (auto *FD = llvm::dyn_cast<clang::FunctionDecl>(D))
        if (FD->getDeclName().isIdentifier() && FD->getName() == "f" &&
            FD->hasBody())
          F = std::make_unique<FunctionFacts>(FD, AST->getASTContext(),
                                              Catalog);
    }
  }

  const LoopInfo &loop(size_t I) const { return *F->loops().at(I); }
  size_t loops() const { return F->loops().size(); }

  static std::vector<std::string>
  names(const llvm::SmallPtrSetImpl<const clang::ValueDecl *> &Set) {
    std::vector<std::string> Out;
    for (const clang::ValueDecl *V : Set)
      Out.push_back(V->getNameAsString());
    std::sort(Out.begin(), Out.end());
    return Out;
  }
  std::vector<std::string> written(size_t I) const {
    return names(loop(I).Written);
  }
  std::vector<std::string> carried(size_t I) const {
    return names(loop(I).Carried);
  }
  std::vector<std::string> induction(size_t I) const {
    return names(loop(I).Induction);
  }

  ApiCatalog Catalog;
  std::unique_ptr<clang::ASTUnit> AST;
  std::unique_ptr<FunctionFacts> F;
};

using Names = std::vector<std::string>;

TEST(LoopFacts, LoopKindsAndLines) {
  Facts T(R"(
void f(std::vector<int> &v, int n) {
  for (int i = 0; i < n; ++i) {}
  for (int x : v) {}
  while (n > 0) --n;
  do { ++n; } while (n < 3);
  std::for_each(v.begin(), v.end(), [](int &x) { x = 0; });
  std::transform(v.begin(), v.end(), v.begin(), [](int x) { return x; });
}
)");
  ASSERT_TRUE(T.F);
  ASSERT_EQ(T.loops(), 6u);
  EXPECT_EQ(T.loop(0).Kind, LoopKind::For);
  EXPECT_EQ(T.loop(1).Kind, LoopKind::RangeFor);
  EXPECT_EQ(T.loop(2).Kind, LoopKind::While);
  EXPECT_EQ(T.loop(3).Kind, LoopKind::DoWhile);
  EXPECT_EQ(T.loop(4).Kind, LoopKind::ForEachLambda);
  EXPECT_EQ(T.loop(5).Kind, LoopKind::ForEachLambda);
  EXPECT_EQ(T.loop(0).Lines.Begin, 6u); // 3 include lines + blank line
  EXPECT_EQ(T.loop(3).Lines.Begin, 9u);
  EXPECT_EQ(T.induction(1), Names{"x"});
  EXPECT_EQ(T.induction(4), Names{"x"});
}

TEST(LoopFacts, EveryKindOfWrite) {
  Facts T(R"(
void byRef(int &r);
void byPtr(double *p);
void byConstRef(const int &r);
struct Box { void set(int); int get() const; };
void f(std::vector<int> &stack, int n) {
  int a = 0, b = 0, c = 0, d = 0, untouched = 0;
  double e = 0;
  Box box, other;
  std::vector<int> moved;
  for (int i = 0; i < n; ++i) {
    a = i;
    b++;
    byRef(c);
    byPtr(&e);
    byConstRef(untouched);
    stack.pop_back();
    box.set(i);
    other.get();
    std::vector<int> taken = std::move(moved);
    d += untouched;
  }
}
)");
  ASSERT_EQ(T.loops(), 1u);
  EXPECT_EQ(T.written(0),
            (Names{"a", "b", "box", "c", "d", "e", "i", "moved", "stack"}));
  // `taken` is declared in the body: fresh each iteration, not written.
  EXPECT_EQ(Facts::names(T.loop(0).Local), (Names{"taken"}));
  // b and d are only stepped (by a constant, by an invariant), so they count
  // as counters; only i, which the condition tests, decides the stride.
  EXPECT_EQ(T.induction(0), (Names{"b", "d", "i"}));
  EXPECT_TRUE(T.loop(0).UnitStride);
}

TEST(LoopFacts, LoopCarriedValues) {
  Facts T(R"(
int g(int);
void f(std::vector<int> &out, const std::vector<int> &in) {
  int sum = 0, last = 0, fresh = 0, h = 1;
  for (int x : in) {
    sum += x;          // read, then written: carried
    fresh = x * 2;     // written before any read: not carried
    out.push_back(fresh + last);
    last = x;          // read above before this write: carried
    h = g(h);          // h feeds the next iteration
  }
}
)");
  ASSERT_EQ(T.loops(), 1u);
  EXPECT_EQ(T.carried(0), (Names{"h", "last", "out", "sum"}));
}

TEST(LoopFacts, StridedLoopsAreNotUnitStride) {
  Facts T(R"(
void f(int n, int bs) {
  for (int b = 0; b < n; b += bs) {}
  for (int i = 0; i < n; i += 1) {}
}
)");
  ASSERT_EQ(T.loops(), 2u);
  EXPECT_FALSE(T.loop(0).UnitStride);
  EXPECT_TRUE(T.loop(1).UnitStride);
}

TEST(LoopFacts, VarianceFollowsLocalDefinitions) {
  Facts T(R"(
int g(int);
void f(const std::vector<int> &v, int k) {
  for (int i = 0; i < 10; ++i) {
    int fromItem = v[i];
    int fromK = k * 2;
    int chained = fromItem + 1;
    g(fromK);
    g(chained);
    for (int j = 0; j < 3; ++j)
      g(fromK + i);
  }
}
)");
  ASSERT_EQ(T.loops(), 2u);
  const auto &Calls = T.F->calls();
  std::vector<const clang::Expr *> Args;
  for (const CallFact &C : Calls)
    if (const auto *CE = llvm::dyn_cast<clang::CallExpr>(C.Call))
      if (CE->getDirectCallee() &&
          CE->getDirectCallee()->getNameAsString() == "g")
        Args.push_back(CE->getArg(0));
  ASSERT_EQ(Args.size(), 3u);
  EXPECT_FALSE(T.F->isVariant(Args[0], T.loop(0))); // g(fromK)
  EXPECT_TRUE(T.F->isVariant(Args[1], T.loop(0)));  // g(chained)
  // g(fromK + i) varies in the outer loop, not in the inner one.
  EXPECT_FALSE(T.F->isVariant(Args[2], T.loop(1)));
  EXPECT_TRUE(T.F->isVariant(Args[2], T.loop(0)));
  EXPECT_EQ(T.F->outermostInvariantLoop(Args[2], T.loop(1)), &T.loop(1));
  EXPECT_EQ(T.F->outermostInvariantLoop(Args[0], T.loop(0)), &T.loop(0));
}

TEST(LoopFacts, OpenMPLoopsAreLoops) {
  // Under -fopenmp the loop sits in a CapturedStmt whose children leave the
  // body out; FAISS's hot loops are all written this way.
  Facts X("int f(const std::vector<int> &v) {\n"
          "  int s = 0;\n"
          "#pragma omp parallel for reduction(+ : s)\n"
          "  for (int i = 0; i < (int)v.size(); ++i) s += v[i];\n"
          "  return s;\n"
          "}\n",
          {"-fopenmp"});
  ASSERT_EQ(X.loops(), 1u);
  EXPECT_EQ(X.induction(0), std::vector<std::string>{"i"});
}

TEST(LoopFacts, ALoopThatRunsAtMostOnceIsNoLoop) {
  Facts X("int g(int);\n"
          "int f(int n) {\n"
          "  int s = 0;\n"
          "  do { s += g(n); } while (false);\n"
          "  while (0) { s += g(1); }\n"
          "  do { s += g(2); } while (s < n);\n"
          "  return s;\n"
          "}\n");
  ASSERT_EQ(X.loops(), 1u); // only the do-while whose condition can be true
  EXPECT_EQ(X.loop(0).Kind, LoopKind::DoWhile);
}

TEST(LoopFacts, ThrowingPathsAreCold) {
  // The then-branch throws: no loop and no call of it is recorded; a block
  // is cut at an abort().
  Facts X("#include <stdexcept>\n#include <cstdlib>\n"
          "int g(int);\n"
          "int f(const std::vector<int> &v) {\n"
          "  int s = 0;\n"
          "  if (v.empty()) {\n"
          "    for (int i = 0; i < 3; ++i) s += g(i);\n"
          "    throw std::runtime_error(\"empty\");\n"
          "  }\n"
          "  for (int x : v) s += x;\n"
          "  if (s < 0) { std::abort(); }\n"
          "  return s;\n"
          "}\n");
  ASSERT_EQ(X.loops(), 1u);
  EXPECT_EQ(X.loop(0).Kind, LoopKind::RangeFor);
  for (const CallFact &C : X.F->calls())
    if (const clang::FunctionDecl *FD = calleeOf(C.Call))
      EXPECT_NE(FD->getNameAsString(), "g") << "a call on the throwing path";
}

TEST(LoopFacts, ConstantTripCountIsNoEvidenceOfCost) {
  Facts X("int f(const std::vector<int> &v) {\n"
          "  int s = 0;\n"
          "  for (int i = 0; i < 16; i++) s += i;\n"
          "  for (size_t i = 0; i < v.size(); i++) s += v[i];\n"
          "  return s;\n"
          "}\n");
  ASSERT_EQ(X.loops(), 2u);
  EXPECT_TRUE(X.loop(0).ConstantTrip);
  EXPECT_FALSE(X.loop(1).ConstantTrip);
  EXPECT_EQ(X.F->growingLoop(), &X.loop(1));
}

TEST(LoopFacts, AnUnresolvedCallInATemplateMayWriteItsArguments) {
  Facts X("template <class T> int f(T t, int n) {\n"
          "  int s = 0, acc = 0;\n"
          "  for (int i = 0; i < n; ++i) { step(t, acc); s += acc; }\n"
          "  return s;\n"
          "}\n");
  ASSERT_EQ(X.loops(), 1u);
  EXPECT_EQ(X.written(0), (std::vector<std::string>{"acc", "i", "s", "t"}));
}

TEST(LoopFacts, AForwardingReferenceIsNoWrite) {
  // Binding `dev` to a library template's T&& (T = int&) converts or
  // copies it (TensorOptions(Device&&)); a plain non-const reference still
  // writes.
  Facts X(
      "struct Options { template <class T> Options(T &&x) : v(x) {} int v; };\n"
      "void touch(int &x);\n"
      "int use(Options o);\n"
      "int f(int n) {\n"
      "  int dev = 1, other = 2, s = 0;\n"
      "  for (int i = 0; i < n; ++i) { s += use(Options(dev)); touch(other); "
      "}\n"
      "  return s;\n"
      "}\n");
  ASSERT_EQ(X.loops(), 1u);
  EXPECT_EQ(X.written(0), (std::vector<std::string>{"i", "other", "s"}));
}

} // namespace
} // namespace hotpath
