//===- LoopInvariantCallRule.cpp ------------------------------------------===//
#include "rules/caching/LoopInvariantCallRule.h"
#include "rules/RuleUtils.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

#include <functional>

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

/// The call makes an object whose identity matters: each iteration needs
/// its own (`new T` or a `make_unique` it stores, an object the loop puts
/// in a container), so one made before the loop is not the same program.
/// With `MutatedToo`, also an object the loop then changes (a local the
/// loop writes): what the next iteration would reuse is no longer what the
/// call made.
bool makesOwnedObject(const CallFact &C, bool MutatedToo) {
  const clang::Expr *Call = stripped(C.Call);
  const clang::Stmt *Body = loopBody(*C.Loop);
  bool Owned = false;
  std::function<void(const clang::Stmt *)> Visit = [&](const clang::Stmt *S) {
    if (!S || Owned)
      return;
    if (const auto *New = llvm::dyn_cast<clang::CXXNewExpr>(S))
      Owned |= stripped(New->getConstructExpr()) == Call;
    if (const auto *Store = llvm::dyn_cast<clang::CXXMemberCallExpr>(S))
      if (const clang::CXXMethodDecl *MD = Store->getMethodDecl())
        if (MD->getIdentifier() &&
            llvm::is_contained(
                std::initializer_list<llvm::StringRef>{
                    "push_back", "emplace_back", "push_front", "emplace_front",
                    "insert", "emplace", "push"},
                MD->getName()))
          for (const clang::Expr *A : Store->arguments())
            Owned |= stripped(A) == Call;
    if (MutatedToo)
      if (const auto *Decl = llvm::dyn_cast<clang::DeclStmt>(S))
        for (const clang::Decl *D : Decl->decls())
          if (const auto *V = llvm::dyn_cast<clang::VarDecl>(D))
            Owned |= V->getInit() && stripped(V->getInit()) == Call &&
                     C.Loop->Written.count(V);
    for (const clang::Stmt *Child : subStatements(S))
      Visit(Child);
  };
  Visit(Body ? Body : C.Loop->Statement);
  return Owned;
}

/// An argument is bound to a pointer-to-non-const or non-const lvalue
/// reference parameter: each call may change what it points to.
bool writesThroughArguments(const clang::FunctionDecl *Callee,
                            llvm::ArrayRef<const clang::Expr *> Args) {
  unsigned Offset = llvm::isa<clang::CXXMethodDecl>(Callee) &&
                            Callee->getNumParams() + 1 == Args.size()
                        ? 1
                        : 0;
  for (unsigned I = 0; I < Callee->getNumParams() && I + Offset < Args.size();
       ++I) {
    clang::QualType T = Callee->getParamDecl(I)->getType();
    if (const auto *Ref = T->getAs<clang::LValueReferenceType>()) {
      if (!Ref->getPointeeType().isConstQualified())
        return true;
    } else if (const auto *Ptr = T->getAs<clang::PointerType>()) {
      if (!Ptr->getPointeeType().isConstQualified() &&
          !Ptr->getPointeeType()->isFunctionType())
        return true;
    }
  }
  return false;
}

/// A virtual call whose receiver's dynamic type is unknown: the body that
/// runs may be any override, not the one analysed.
bool isOpenVirtualCall(const clang::Expr *Call,
                       const clang::FunctionDecl *Callee) {
  const auto *MD = llvm::dyn_cast<clang::CXXMethodDecl>(Callee);
  if (!MD || !MD->isVirtual() || MD->hasAttr<clang::FinalAttr>() ||
      MD->getParent()->hasAttr<clang::FinalAttr>())
    return false;
  const auto *MC = llvm::dyn_cast<clang::CXXMemberCallExpr>(Call);
  return !MC || !MC->getMethodDecl() || !MC->getImplicitObjectArgument() ||
         !MC->getImplicitObjectArgument()
              ->IgnoreParenImpCasts()
              ->getType()
              ->isRecordType(); // called through a pointer or reference
}

} // namespace

void LoopInvariantCallRule::check(const TUContext &TU, const FunctionFacts &F,
                                  FindingsSink &Sink) const {
  const ApiCatalog &Catalog = TU.catalog();
  for (const CallFact &C : F.calls()) {
    const clang::FunctionDecl *Callee = calleeOf(C.Call);
    if (!C.Loop || !Callee || Catalog.isTransfer(Callee))
      continue;
    // A call made for its side effects cannot be hoisted: it returns
    // nothing, or it writes through a pointer or reference argument
    // (`maxheap_reorder(k, D.data(), I.data())` reorders D and I in place).
    if (!llvm::isa<clang::CXXConstructorDecl>(Callee) &&
        Callee->getReturnType()->isVoidType())
      continue;
    if (writesThroughArguments(Callee, argumentsOf(C.Call)))
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
    // A catalogued expensive constructor (a file stream, a regex) the loop
    // then reads from still costs its construction every time: the fix
    // reads once and reuses the contents.
    bool Catalogued = Catalog.isExpensive(Callee);
    if (makesOwnedObject(C, /*MutatedToo=*/!Catalogued))
      continue;
    if (!Catalogued && isOpenVirtualCall(C.Call, Callee))
      continue;
    Finding Out = makeFinding(TU, F, C.Call, *Hoist);
    if (Hoist == C.Loop)
      Out.FixIts = hoistDeclarationFixIt(TU, F, C.Call, *Hoist);
    std::string Name = qualifiedName(Callee);
    Out.Message = "'" + Name + "' is expensive and loop-invariant: its " +
                  (Parts.empty() ? std::string("result does")
                                 : std::string("receiver and arguments do")) +
                  " not change in the " + loopPhrase(*Hoist) +
                  ", yet it runs on every iteration";
    Out.FixHint = "call '" + Name + "' once before the loop at line " +
                  std::to_string(Hoist->Lines.Begin) + " and reuse the result";
    if (Catalogued)
      Sink.report(std::move(Out));
    else
      Sink.reportIfExpensive(std::move(Out), TUContext::functionKey(Callee));
  }
}

} // namespace hotpath
