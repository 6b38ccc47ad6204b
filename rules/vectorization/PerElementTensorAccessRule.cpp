//===- PerElementTensorAccessRule.cpp -------------------------------------===//
#include "rules/vectorization/PerElementTensorAccessRule.h"
#include "analyzer/ApiCatalog.h"
#include "rules/RuleUtils.h"

#include "clang/AST/ExprCXX.h"

#include <functional>
#include <set>

using namespace clang;

namespace hotpath {

namespace {

bool isTensor(QualType T) {
  return typeIs(T, "at::TensorBase", /*Derived=*/true);
}

bool isIntegral(const Expr *E) {
  return E && E->getType().getNonReferenceType()->isIntegralOrEnumerationType();
}

const CXXMethodDecl *tensorMethod(const Expr *E, llvm::StringRef Name) {
  const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(stripped(E));
  const CXXMethodDecl *MD = Call ? Call->getMethodDecl() : nullptr;
  if (MD && MD->getName() == Name && isTensor(Call->getObjectType()))
    return MD;
  return nullptr;
}

/// One indexing step of a tensor expression: its base and its integral
/// indices (`t[i]`: t, {i}; `t.select(0, i)`: t, {i}; `t.index({i, j})`:
/// t, {i, j}). False when `E` is not an indexing of a tensor.
bool indexingStep(const Expr *E, const Expr *&Base,
                  llvm::SmallVectorImpl<const Expr *> &Indices) {
  E = stripped(E);
  if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(E)) {
    if (Op->getOperator() != OO_Subscript || Op->getNumArgs() != 2 ||
        !isTensor(Op->getArg(0)->getType()) || !isIntegral(Op->getArg(1)))
      return false;
    Base = Op->getArg(0);
    Indices.push_back(Op->getArg(1));
    return true;
  }
  const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(E);
  if (!Call)
    return false;
  if (tensorMethod(Call, "select") && Call->getNumArgs() == 2) {
    Base = Call->getImplicitObjectArgument();
    Indices.push_back(Call->getArg(1));
    return true;
  }
  if (tensorMethod(Call, "index") && Call->getNumArgs() == 1) {
    Base = Call->getImplicitObjectArgument();
    const Expr *Arg = stripped(Call->getArg(0));
    if (const auto *List = dyn_cast<CXXStdInitializerListExpr>(Arg))
      Arg = stripped(List->getSubExpr());
    if (const auto *Init = dyn_cast_or_null<InitListExpr>(Arg))
      for (const Expr *I : Init->inits()) {
        const Expr *Index = stripped(I);
        // TensorIndex(int64_t): the element index inside the conversion.
        if (const auto *Construct = dyn_cast<CXXConstructExpr>(Index))
          if (Construct->getNumArgs() == 1)
            Index = stripped(Construct->getArg(0));
        if (isIntegral(Index))
          Indices.push_back(Index);
      }
    return true;
  }
  return false;
}

/// Indices of the indexing chain of `E` that change in `L`, and those that
/// change in `L` or a loop around it (`t[i][j]` in a nest over i and j).
std::pair<unsigned, unsigned> variantIndices(const FunctionFacts &F,
                                             const Expr *E, const LoopInfo &L) {
  const Expr *Base = nullptr;
  llvm::SmallVector<const Expr *, 4> Indices;
  while (indexingStep(E, Base, Indices))
    E = Base;
  unsigned InLoop = 0, InNest = 0;
  for (const Expr *I : Indices) {
    InLoop += F.isVariant(I, L);
    for (const LoopInfo *Up = &L; Up; Up = Up->Parent)
      if (F.isVariant(I, *Up)) {
        ++InNest;
        break;
      }
  }
  return {InLoop, InNest};
}

/// The tensor an indexing chain starts from (`t` of `t[i][j]`).
const Expr *chainBase(const Expr *E) {
  const Expr *Base = nullptr;
  llvm::SmallVector<const Expr *, 4> Indices;
  while (indexingStep(E, Base, Indices))
    E = Base;
  return E;
}

/// The loop's condition tests a size of tensor variable `V` (`i <
/// t.size(0)`, `t.numel()`, `t.sizes()[1]`): the loop walks one of the
/// tensor's own dimensions.
bool walksDimensionOf(const FunctionFacts &F, const LoopInfo &L,
                      const ValueDecl *V) {
  bool Found = false;
  std::function<void(const Stmt *)> Visit = [&](const Stmt *S) {
    if (!S || Found)
      return;
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S))
      if (tensorMethod(Call, "size") || tensorMethod(Call, "numel") ||
          tensorMethod(Call, "sizes"))
        Found |= F.rootVariable(Call->getImplicitObjectArgument()) == V;
    for (const Stmt *C : subStatements(S))
      Visit(C);
  };
  Visit(L.Condition);
  return Found;
}

} // namespace

PerElementTensorAccessRule::PerElementTensorAccessRule()
    : Rule("vectorization-per-element-tensor-access", Category::Vectorization) {
}

llvm::StringRef PerElementTensorAccessRule::summary() const {
  return "single tensor elements are read in a loop (t[i].item<T>(), "
         "t[i][j]); use one tensor operation over the whole loop";
}

void PerElementTensorAccessRule::check(const TUContext &TU,
                                       const FunctionFacts &F,
                                       FindingsSink &Sink) const {
  // Indexing expressions that are part of a larger access (the base of
  // another indexing step, or the tensor `.item()` reads) are reported with
  // that access, once.
  std::set<const Expr *> Inner;
  // Indexing chains used as whole tensors: the operand of a matrix product,
  // a reduction or a reshape, an argument of a torch:: function, or the
  // target of a tensor assignment. Such a chain is a slice, whatever the
  // loops walk (`torch::matmul(a[i][j], b[i][j])`, `torch::max(x[i][j][k])`).
  // An indexing chain assigned a scalar is an element written.
  std::set<const Expr *> SliceUse, Written;
  auto MarkSlice = [&](const Expr *E) {
    const Expr *Base = nullptr;
    llvm::SmallVector<const Expr *, 4> Indices;
    if (indexingStep(E, Base, Indices))
      SliceUse.insert(stripped(E));
  };
  for (const CallFact &C : F.calls()) {
    const FunctionDecl *FD = calleeOf(C.Call);
    if (!FD)
      continue;
    const auto *Op = dyn_cast<CXXOperatorCallExpr>(C.Call);
    if (Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
        isTensor(Op->getArg(0)->getType())) {
      if (isTensor(Op->getArg(1)->getType()))
        MarkSlice(Op->getArg(0));
      else
        Written.insert(stripped(Op->getArg(0)));
      continue;
    }
    const auto *MD = dyn_cast<CXXMethodDecl>(FD);
    bool WholeTensorMethod =
        MD && MD->getDeclName().isIdentifier() &&
        llvm::is_contained(
            std::initializer_list<llvm::StringRef>{
                "matmul",      "mm",      "bmm",    "addmm",   "addmm_",
                "max",         "min",     "sum",    "mean",    "softmax",
                "log_softmax", "flatten", "view",   "view_as", "reshape",
                "transpose",   "t",       "size",   "sizes",   "dim",
                "copy_",       "argmax",  "argmin", "norm"},
            MD->getName());
    bool TorchFunction = !MD && FD->isInStdNamespace() == false &&
                         (qualifiedName(FD).rfind("torch::", 0) == 0 ||
                          qualifiedName(FD).rfind("at::", 0) == 0);
    if (WholeTensorMethod)
      if (const auto *Member = dyn_cast<CXXMemberCallExpr>(C.Call))
        MarkSlice(Member->getImplicitObjectArgument());
    if (WholeTensorMethod || TorchFunction)
      for (const Expr *Arg : argumentsOf(C.Call))
        MarkSlice(Arg);
  }
  for (const CallFact &C : F.calls()) {
    const Expr *Base = nullptr;
    llvm::SmallVector<const Expr *, 4> Indices;
    if (indexingStep(C.Call, Base, Indices))
      Inner.insert(stripped(Base));
    if (tensorMethod(C.Call, "item"))
      Inner.insert(stripped(
          cast<CXXMemberCallExpr>(C.Call)->getImplicitObjectArgument()));
  }
  for (const CallFact &C : F.calls()) {
    if (!C.Loop || Inner.count(stripped(C.Call)))
      continue;
    bool Item = tensorMethod(C.Call, "item") != nullptr;
    const Expr *Access =
        Item ? cast<CXXMemberCallExpr>(C.Call)->getImplicitObjectArgument()
             : C.Call;
    auto [InLoop, InNest] = variantIndices(F, Access, *C.Loop);
    // `.item()` of an element the loop walks, or two and more indices that
    // walk the loop nest (`t[i][j]`): one element per iteration.
    if (InLoop == 0 || (!Item && InNest < 2))
      continue;
    // Without `.item()`, `t[i][j]` is an element only when the loops walk
    // t's own dimensions and nothing uses it as a whole tensor;
    // `grad[b][g]` over batch and group counts is a slice (a whole matrix
    // per iteration), not an element.
    if (!Item && SliceUse.count(stripped(Access)))
      continue;
    if (!Item) {
      const ValueDecl *V = F.rootVariable(chainBase(Access));
      if (!V || !walksDimensionOf(F, *C.Loop, V) || !C.Loop->Parent ||
          !walksDimensionOf(F, *C.Loop->Parent, V))
        continue;
    }
    Finding Out = makeFinding(TU, F, C.Call, *C.Loop);
    Out.Message = "'" + sourceText(TU, C.Call) + "' " +
                  (Written.count(stripped(Access)) ? "writes" : "reads") +
                  " one tensor element per iteration of the " +
                  loopPhrase(*C.Loop) +
                  "; use a tensor operation over the whole loop";
    Out.FixHint =
        "replace the loop with tensor operations on whole tensors (sum, "
        "max, comparisons, masks, matmul); where an element loop is needed, "
        "read through t.accessor<T, N>() on the CPU, or copy once with "
        "t.cpu() and use data_ptr<T>()";
    Sink.report(std::move(Out));
  }
}

} // namespace hotpath
