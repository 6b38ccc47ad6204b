//===- AllocationInLoopRule.cpp -------------------------------------------===//
#include "rules/caching/AllocationInLoopRule.h"
#include "analyzer/ApiCatalog.h"
#include "rules/RuleUtils.h"

#include "clang/AST/ExprCXX.h"

#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace hotpath {

namespace {

/// `E` is `V` itself (possibly moved or copied).
bool isVar(const Expr *E, const ValueDecl *V) {
  E = stripped(E);
  if (const auto *Call = dyn_cast_or_null<CallExpr>(E))
    if (const FunctionDecl *FD = Call->getDirectCallee())
      if (FD->isInStdNamespace() && FD->getName() == "move" &&
          Call->getNumArgs() == 1)
        E = stripped(Call->getArg(0));
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E);
  return Ref && Ref->getDecl() == V;
}

/// `Def` stores `V` itself: `W = V`, or `V` handed to a container's
/// insertion (push_back, emplace_back, insert, …). Reading `V` to compute
/// something else (`s += V.sum()`, `state.add_(V)`) does not store it.
bool stores(const Stmt *Def, const ValueDecl *V) {
  const Expr *E = stripped(dyn_cast_or_null<Expr>(Def));
  if (!E)
    return false;
  if (const auto *Bin = dyn_cast<BinaryOperator>(E))
    return Bin->isAssignmentOp() && isVar(Bin->getRHS(), V);
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E))
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
      return isVar(Op->getArg(1), V);
  const auto *Call = dyn_cast<CallExpr>(E);
  const FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
  if (!FD || !FD->getDeclName().isIdentifier())
    return false;
  static const llvm::StringRef Inserts[] = {
      "push_back", "emplace_back", "push_front", "emplace_front",
      "insert",    "emplace",      "push",       "assign"};
  if (llvm::find(Inserts, FD->getName()) == std::end(Inserts))
    return false;
  for (const Expr *Arg : Call->arguments())
    if (isVar(Arg, V))
      return true;
  return false;
}

/// The loop-local variable `Call` initializes, if any.
const ValueDecl *initializedLocal(const FunctionFacts &F, const Expr *Call,
                                  const LoopInfo &L) {
  for (const ValueDecl *V : L.Local)
    for (const Stmt *Def : F.definitionsIn(V, L))
      if (stripped(dyn_cast_or_null<Expr>(Def)) == stripped(Call))
        return V;
  return nullptr;
}

/// Something that outlives an iteration of `L` takes `V` (push_back into an
/// outer container, assignment to an outer variable).
bool escapes(const FunctionFacts &F, const ValueDecl *V, const LoopInfo &L) {
  for (const ValueDecl *W : L.Written) {
    if (L.Local.count(W))
      continue;
    for (const Stmt *Def : F.definitionsIn(W, L))
      if (stores(Def, V))
        return true;
  }
  return false;
}

} // namespace

AllocationInLoopRule::AllocationInLoopRule()
    : Rule("caching-allocation-in-loop", Category::Caching) {}

llvm::StringRef AllocationInLoopRule::summary() const {
  return "a tensor of a loop-invariant shape is allocated on every iteration "
         "and dropped at its end; allocate once and reset it in place";
}

void AllocationInLoopRule::check(const TUContext &TU, const FunctionFacts &F,
                                 FindingsSink &Sink) const {
  for (const CallFact &C : F.calls()) {
    const FunctionDecl *FD = calleeOf(C.Call);
    if (!C.Loop || !FD ||
        !TU.catalog().AllocatingFactories.count(qualifiedName(FD)))
      continue;
    // Shape and options the same in every iteration (the values a random
    // factory draws do change, which an in-place refill keeps).
    const LoopInfo *Hoist =
        outermostInvariantLoop(F, argumentsOf(C.Call), *C.Loop);
    const ValueDecl *V = initializedLocal(F, C.Call, *C.Loop);
    if (!Hoist || !V || escapes(F, V, *C.Loop))
      continue;
    Finding Out = makeFinding(TU, F, C.Call, *Hoist);
    Out.Message = "'" + sourceText(TU, C.Call) + "' allocates a new tensor '" +
                  V->getNameAsString() + "' of the same shape on every " +
                  "iteration of the " + loopPhrase(*Hoist) +
                  "; allocate it once";
    Out.FixHint = "allocate '" + V->getNameAsString() +
                  "' once before the loop at line " +
                  std::to_string(Hoist->Lines.Begin) +
                  " and reset it in place each iteration (zero_(), fill_(), "
                  "normal_(), or write into it with an out= variant)";
    Sink.report(std::move(Out));
  }
}

} // namespace hotpath
