//===- LoopInvariantCallRule.cpp ------------------------------------------===//
#include "rules/caching/LoopInvariantCallRule.h"
#include "rules/RuleUtils.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

namespace hotpath {

LoopInvariantCallRule::LoopInvariantCallRule()
    : Rule("caching-loop-invariant-call", Category::Caching) {}

llvm::StringRef LoopInvariantCallRule::summary() const {
  return "an expensive call whose receiver and arguments do not change runs "
         "on every loop iteration; hoist it";
}

namespace {

/// The loop also updates model weights (a training step), so a model call
/// with unchanged inputs still gives a new result each iteration.
bool loopTrainsModel(const TUContext &TU, const FunctionFacts &F,
                     const LoopInfo &L) {
  for (const CallFact &C : F.calls())
    if (C.Loop && C.Loop->isWithin(&L))
      if (const clang::FunctionDecl *FD = calleeOf(C.Call))
        if (TU.catalog().ModelMutatingFunctions.count(qualifiedName(FD)))
          return true;
  return false;
}

/// The loop writes a file named by one of the variables `Parts` read: the
/// call may read what the loop wrote (the file changes, not the name).
bool loopWritesFileOf(const TUContext &TU, const FunctionFacts &F,
                      const LoopInfo &L,
                      llvm::ArrayRef<const clang::Expr *> Parts) {
  llvm::SmallPtrSet<const clang::ValueDecl *, 8> Read;
  for (const clang::Expr *E : Parts)
    for (const clang::ValueDecl *V : F.referencedVars(E, L))
      Read.insert(V);
  for (const CallFact &C : F.calls()) {
    if (!C.Loop || !C.Loop->isWithin(&L))
      continue;
    const clang::FunctionDecl *FD = calleeOf(C.Call);
    if (!TU.catalog().writesFiles(FD))
      continue;
    for (const clang::Expr *Arg : argumentsOf(C.Call))
      for (const clang::ValueDecl *V : F.referencedVars(Arg, L))
        if (Read.count(V))
          return true;
  }
  return false;
}

} // namespace

void LoopInvariantCallRule::check(const TUContext &TU, const FunctionFacts &F,
                                  FindingsSink &Sink) const {
  const ApiCatalog &Catalog = TU.catalog();
  for (const CallFact &C : F.calls()) {
    const clang::FunctionDecl *Callee = calleeOf(C.Call);
    if (!C.Loop || !Callee || Catalog.isTransfer(Callee))
      continue;
    // A call made for its side effects cannot be hoisted.
    if (!llvm::isa<clang::CXXConstructorDecl>(Callee) &&
        Callee->getReturnType()->isVoidType())
      continue;
    llvm::SmallVector<const clang::Expr *, 4> Parts = argumentsOf(C.Call);
    if (const clang::Expr *Receiver = receiverOf(C.Call))
      Parts.push_back(Receiver);
    const LoopInfo *Hoist = outermostInvariantLoop(F, Parts, *C.Loop);
    if (!Hoist)
      continue;
    if (Catalog.isInference(Callee) && loopTrainsModel(TU, F, *Hoist))
      continue;
    if (loopWritesFileOf(TU, F, *Hoist, Parts))
      continue;
    Finding Out = makeFinding(TU, F, C.Call, *Hoist);
    if (Hoist == C.Loop)
      Out.FixIts = hoistDeclarationFixIt(TU, F, C.Call, *Hoist);
    std::string Name = qualifiedName(Callee);
    Out.Message = "'" + Name + "' is expensive and loop-invariant: its " +
                  (Parts.empty() ? std::string("result")
                                 : std::string("receiver and arguments")) +
                  " do not change in the " + loopPhrase(*Hoist) +
                  ", yet it runs on every iteration";
    Out.FixHint = "call '" + Name + "' once before the loop at line " +
                  std::to_string(Hoist->Lines.Begin) + " and reuse the result";
    if (Catalog.isExpensive(Callee))
      Sink.report(std::move(Out));
    else
      Sink.reportIfExpensive(std::move(Out), TUContext::functionKey(Callee));
  }
}

} // namespace hotpath
