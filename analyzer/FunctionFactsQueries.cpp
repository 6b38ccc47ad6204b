//===- FunctionFactsQueries.cpp - Questions about one function's facts ----===//
//
// What rules ask of FunctionFacts once the walk (LoopFacts.cpp) has filled
// them: whether a value varies in a loop, what it is computed from, which
// variable an lvalue designates.
//
//===----------------------------------------------------------------------===//
#include "analyzer/ApiCatalog.h"
#include "analyzer/LoopFacts.h"

#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"

#include <functional>

using namespace clang;

namespace hotpath {

const LoopInfo *FunctionFacts::growingLoop() const {
  for (const std::unique_ptr<LoopInfo> &L : Loops)
    if (!L->ConstantTrip)
      return L.get();
  return nullptr;
}

const ValueDecl *FunctionFacts::rootVariable(const Expr *E) const {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const ValueDecl *V = declOf(E))
      return V;
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      E = ME->getBase();
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      E = AS->getBase();
    } else if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      if (UO->getOpcode() != UO_Deref && UO->getOpcode() != UO_AddrOf)
        return nullptr;
      E = UO->getSubExpr();
    } else if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
      if (!BO->isAdditiveOp())
        return nullptr;
      E = BO->getLHS()->getType()->isPointerType() ? BO->getLHS()
                                                   : BO->getRHS();
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
      OverloadedOperatorKind K = Op->getOperator();
      if ((K != OO_Subscript && K != OO_Star && K != OO_Arrow) ||
          Op->getNumArgs() == 0)
        return nullptr;
      E = Op->getArg(0);
    } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      if (!Catalog.isAccessor(MC->getMethodDecl()))
        return nullptr;
      E = MC->getImplicitObjectArgument();
    } else if (const auto *CE = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *FD = CE->getDirectCallee();
      if (!(isStdFunction(FD, "move") || isStdFunction(FD, "forward")) ||
          CE->getNumArgs() != 1)
        return nullptr;
      E = CE->getArg(0);
    } else if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E)) {
      E = MT->getSubExpr();
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

llvm::SmallVector<const Stmt *, 4>
FunctionFacts::definitionsIn(const ValueDecl *V, const LoopInfo &L) const {
  llvm::SmallVector<const Stmt *, 4> Out;
  auto It = Defs.find(V);
  if (It == Defs.end())
    return Out;
  for (const Definition &D : It->second)
    if (L.contains(D.Loop))
      Out.push_back(D.Value);
  return Out;
}

bool FunctionFacts::isVariant(const Expr *E, const LoopInfo &L) const {
  llvm::SmallPtrSet<const ValueDecl *, 8> Busy;
  return isVariantImpl(E, L, Busy);
}

bool FunctionFacts::isVariantImpl(
    const Expr *E, const LoopInfo &L,
    llvm::SmallPtrSetImpl<const ValueDecl *> &Busy) const {
  if (!E)
    return false;
  llvm::SmallVector<const Stmt *, 16> Work{E};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *SubExpr = dyn_cast<Expr>(S)) {
      if (const ValueDecl *V = declOf(SubExpr)) {
        if (L.Induction.count(V))
          return true;
        if (L.Local.count(V)) {
          if (!Busy.insert(V).second)
            continue;
          for (const Stmt *D : definitionsIn(V, L)) {
            const auto *DE = dyn_cast<Expr>(D);
            if (!DE || isVariantImpl(DE, L, Busy))
              return true;
          }
          continue;
        }
        if (L.Written.count(V))
          return true;
        continue;
      }
    }
    if (const auto *CE = dyn_cast<CallExpr>(S))
      if (Catalog.isImpure(CE->getDirectCallee()))
        return true;
    // `this` varies when the loop calls a non-const method on it or writes
    // one of its fields.
    if (isa<CXXThisExpr>(S)) {
      if (L.Written.count(Decl))
        return true;
      for (const ValueDecl *V : L.Written)
        if (isa<FieldDecl>(V))
          return true;
    }
    if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
      Work.push_back(LE->getBody());
      continue;
    }
    for (const Stmt *C : subStatements(S))
      Work.push_back(C);
  }
  return false;
}

const LoopInfo *FunctionFacts::outermostInvariantLoop(const Expr *E,
                                                      const LoopInfo &L) const {
  if (isVariant(E, L))
    return nullptr;
  const LoopInfo *Cur = &L;
  while (Cur->Parent && !isVariant(E, *Cur->Parent))
    Cur = Cur->Parent;
  return Cur;
}

void FunctionFacts::forEachOrigin(const Expr *E, const LoopInfo &L,
                                  llvm::function_ref<void(const Stmt *)> Fn,
                                  bool FollowCarried) const {
  llvm::SmallPtrSet<const Stmt *, 32> Seen;
  llvm::SmallPtrSet<const ValueDecl *, 8> SeenVars;
  llvm::SmallVector<const Stmt *, 16> Work{E};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S || !Seen.insert(S).second)
      continue;
    Fn(S);
    if (const auto *SubExpr = dyn_cast<Expr>(S))
      if (const ValueDecl *V = declOf(SubExpr))
        if ((L.Local.count(V) || (FollowCarried && L.Carried.count(V))) &&
            SeenVars.insert(V).second)
          for (const Stmt *D : definitionsIn(V, L))
            Work.push_back(D);
    for (const Stmt *C : subStatements(S))
      Work.push_back(C);
  }
}

llvm::SmallPtrSet<const ValueDecl *, 8>
FunctionFacts::referencedVars(const Expr *E, const LoopInfo &L) const {
  llvm::SmallPtrSet<const ValueDecl *, 8> Vars;
  forEachOrigin(E, L, [&](const Stmt *S) {
    if (const auto *SubExpr = dyn_cast<Expr>(S))
      if (const ValueDecl *V = declOf(SubExpr))
        Vars.insert(V);
  });
  return Vars;
}

void FunctionFacts::forEachOriginInBody(
    const Expr *E, llvm::function_ref<bool(const Stmt *)> Fn) const {
  llvm::SmallPtrSet<const Stmt *, 32> Seen;
  llvm::SmallPtrSet<const ValueDecl *, 8> SeenVars;
  llvm::SmallVector<const Stmt *, 16> Work{E};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S || !Seen.insert(S).second || !Fn(S))
      continue;
    if (const auto *SubExpr = dyn_cast<Expr>(S))
      if (const auto *Var = dyn_cast_or_null<VarDecl>(declOf(SubExpr)))
        if (Var->isLocalVarDecl() && SeenVars.insert(Var).second)
          for (const Definition &D : definitionsOf(Var))
            Work.push_back(D.Value);
    for (const Stmt *C : subStatements(S))
      Work.push_back(C);
  }
}

llvm::ArrayRef<Definition>
FunctionFacts::definitionsOf(const ValueDecl *V) const {
  auto It = Defs.find(V);
  if (It == Defs.end())
    return {};
  return It->second;
}

bool FunctionFacts::dependsOnParam(const Expr *E, const ParmVarDecl *P) const {
  bool Found = false;
  forEachOriginInBody(E, [&](const Stmt *S) {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      Found |= DRE->getDecl() == P;
    return !Found;
  });
  return Found;
}

llvm::SmallPtrSet<const Expr *, 8> FunctionFacts::consoleOnlyCalls() const {
  llvm::SmallPtrSet<const Expr *, 8> Out;
  // Arguments of prints, once for the whole body.
  llvm::SmallPtrSet<const Expr *, 16> Printed;
  for (const CallFact &C : Calls)
    if (isConsoleOutput(C.Call))
      if (const auto *CE = dyn_cast<CallExpr>(C.Call))
        for (const Expr *Arg : CE->arguments())
          Printed.insert(Arg->IgnoreImplicit()->IgnoreParenImpCasts());
  // Uses of each variable, and how many of them are printed: one walk.
  llvm::DenseMap<const ValueDecl *, std::pair<unsigned, unsigned>> Uses;
  std::function<void(const Stmt *)> Count = [&](const Stmt *S) {
    if (!S)
      return;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
      auto &[All, InPrint] = Uses[DRE->getDecl()];
      ++All;
      InPrint += Printed.count(DRE) > 0;
    }
    for (const Stmt *Sub : subStatements(S))
      Count(Sub);
  };
  Count(Decl->getBody());
  // A local variable with one definition, every use of which is printed:
  // the call that defines it only feeds a print.
  for (const auto &[V, List] : Defs) {
    const auto *Var = dyn_cast<VarDecl>(V);
    if (!Var || !Var->isLocalVarDecl() || List.size() != 1 ||
        !isa_and_nonnull<Expr>(List.front().Value))
      continue;
    auto It = Uses.find(Var);
    if (It != Uses.end() && It->second.first > 0 &&
        It->second.first == It->second.second)
      Printed.insert(cast<Expr>(List.front().Value)
                         ->IgnoreImplicit()
                         ->IgnoreParenImpCasts());
  }
  llvm::DenseMap<const LoopInfo *, bool> Prints;
  auto LoopPrints = [&](const LoopInfo *L) {
    auto [It, New] = Prints.try_emplace(L, false);
    if (New)
      It->second = printsEveryIteration(L->Statement);
    return It->second;
  };
  for (const CallFact &C : Calls) {
    bool InReport = Printed.count(C.Call->IgnoreParenImpCasts()) > 0;
    for (const LoopInfo *L = C.Loop; L && !InReport; L = L->Parent)
      InReport = LoopPrints(L);
    if (InReport)
      Out.insert(C.Call);
  }
  return Out;
}

} // namespace hotpath
