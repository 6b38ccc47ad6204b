//===- LoopFacts.cpp ------------------------------------------------------===//
#include "analyzer/LoopFacts.h"
#include "analyzer/ApiCatalog.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"

#include <algorithm>

using namespace clang;

namespace hotpath {

const char *loopKindName(LoopKind K) {
  switch (K) {
  case LoopKind::For:
    return "for";
  case LoopKind::RangeFor:
    return "range-for";
  case LoopKind::While:
    return "while";
  case LoopKind::DoWhile:
    return "do-while";
  case LoopKind::ForEachLambda:
    return "algorithm lambda";
  }
  return "loop";
}

bool LoopInfo::isWithin(const LoopInfo *Other) const {
  for (const LoopInfo *L = this; L; L = L->Parent)
    if (L == Other)
      return true;
  return false;
}

unsigned LoopInfo::depth() const {
  unsigned D = 0;
  for (const LoopInfo *L = this; L; L = L->Parent)
    ++D;
  return D;
}

namespace {

/// A read or write of a variable, in evaluation order.
struct Access {
  const ValueDecl *Var;
  unsigned Order;
  const LoopInfo *Loop;
  /// Writes only: `++v`, `v--`, `v += c`, `v -= c` with a constant c.
  bool Step = false;
  /// Step writes only: the step is exactly one.
  bool UnitStep = false;
};

void collectVars(const Stmt *S, llvm::SmallPtrSetImpl<const ValueDecl *> &Out) {
  if (!S)
    return;
  if (const auto *E = dyn_cast<Expr>(S))
    if (const ValueDecl *V = declOf(E))
      Out.insert(V);
  for (const Stmt *C : subStatements(S))
    collectVars(C, Out);
}

bool writesThroughParam(QualType ParamType) {
  if (const auto *Ref = ParamType->getAs<ReferenceType>())
    return !Ref->getPointeeType().isConstQualified() &&
           !Ref->isRValueReferenceType();
  if (const auto *Ptr = ParamType->getAs<PointerType>())
    return !Ptr->getPointeeType().isConstQualified();
  return false;
}

} // namespace

/// Walks one function body in evaluation order and fills FunctionFacts.
class FactsWalker {
public:
  FactsWalker(FunctionFacts &F, const SourceManager &SM) : F(F), SM(SM) {}

  void run(const Stmt *Body) {
    walk(Body);
    finish();
  }

private:
  FunctionFacts &F;
  const SourceManager &SM;
  std::vector<LoopInfo *> Stack;
  unsigned Order = 0;
  std::vector<Access> Reads, Writes;

  LoopInfo *current() const { return Stack.empty() ? nullptr : Stack.back(); }

  LoopInfo *pushLoop(LoopKind K, const Stmt *S) {
    auto L = std::make_unique<LoopInfo>();
    L->Kind = K;
    L->Statement = S;
    L->Parent = current();
    L->Lines.Begin = SM.getExpansionLineNumber(S->getBeginLoc());
    L->Lines.End = SM.getExpansionLineNumber(S->getEndLoc());
    F.Loops.push_back(std::move(L));
    Stack.push_back(F.Loops.back().get());
    return Stack.back();
  }

  void popLoop() { Stack.pop_back(); }

  void declare(const ValueDecl *V, const Stmt *Value) {
    for (LoopInfo *L : Stack)
      L->Local.insert(V);
    if (Value)
      F.Defs[V].push_back({Value, current()});
  }

  void read(const ValueDecl *V) { Reads.push_back({V, ++Order, current()}); }

  void write(const ValueDecl *V, const Stmt *Value, bool Step = false,
             bool UnitStep = false) {
    if (!V)
      return;
    for (LoopInfo *L : Stack)
      L->Written.insert(V);
    Writes.push_back({V, ++Order, current(), Step, UnitStep});
    if (Value)
      F.Defs[V].push_back({Value, current()});
  }

  void walkChildren(const Stmt *S) {
    for (const Stmt *C : subStatements(S))
      walk(C);
  }

  /// Walks an lvalue about to be assigned: its sub-expressions are read
  /// (indices, the object of x[i]) but a plain variable is not.
  void walkAssignedLValue(const Expr *LHS) {
    if (declOf(LHS))
      return;
    walk(LHS);
  }

  void walkAssignment(const Stmt *S, const Expr *LHS, const Expr *RHS,
                      bool Compound, bool StepLike) {
    walk(RHS);
    if (Compound)
      walk(LHS);
    else
      walkAssignedLValue(LHS);
    bool Step = false, Unit = false;
    if (StepLike && Compound && declOf(LHS)) {
      Expr::EvalResult R;
      if (!RHS->isValueDependent() && RHS->EvaluateAsInt(R, F.Ctx)) {
        Step = true;
        Unit = R.Val.getInt() == 1;
      } else if (!Stack.empty() && !F.isVariant(RHS, *current())) {
        Step = true; // stepped by a loop-invariant stride (i += bs)
      }
    }
    write(F.rootVariable(LHS), S, Step, Unit);
  }

  void walkCall(const Expr *Call, const FunctionDecl *Callee,
                llvm::ArrayRef<const Expr *> Args, const Expr *Object) {
    F.Calls.push_back({Call, current()});
    // std::for_each / std::transform with a lambda: the lambda body is a loop.
    if ((isStdFunction(Callee, "for_each") ||
         isStdFunction(Callee, "transform")) &&
        !Args.empty()) {
      const LambdaExpr *Lambda = nullptr;
      for (const Expr *A : Args)
        if (const auto *LE = dyn_cast<LambdaExpr>(A->IgnoreImplicit()))
          Lambda = LE;
      if (Lambda) {
        for (const Expr *A : Args)
          if (A->IgnoreImplicit() != Lambda)
            walk(A);
        LoopInfo *L = pushLoop(LoopKind::ForEachLambda, Call);
        L->Range = Args[0];
        for (const ParmVarDecl *P : Lambda->getCallOperator()->parameters()) {
          L->Induction.insert(P);
          declare(P, Args[0]);
        }
        walk(Lambda->getBody());
        popLoop();
        return;
      }
    }
    if (Object)
      walk(Object);
    for (const Expr *A : Args)
      walk(A);
    // A call not resolved in a template pattern (or through a pointer) may
    // bind any lvalue argument to a non-const reference: it may write each.
    if (!Callee) {
      if (isa<CallExpr>(Call))
        for (const Expr *A : Args)
          if (A->isLValue() || A->isTypeDependent())
            write(F.rootVariable(A), Call);
      return;
    }
    // A model call reads its weights and inputs; forwarding references and
    // non-const forward() do not make it a write.
    if (F.Catalog.isInference(Callee))
      return;
    if (isStdFunction(Callee, "move") && Args.size() == 1) {
      write(F.rootVariable(Args[0]), Call);
      return;
    }
    if (const auto *MD = dyn_cast<CXXMethodDecl>(Callee))
      if (Object && !MD->isConst() && !MD->isStatic() &&
          !isa<CXXConstructorDecl>(MD) && !F.Catalog.isAccessor(MD)) {
        // A non-const call on `this` changes the object itself: recorded
        // as a write of the enclosing function (the `this` sentinel).
        if (isa<CXXThisExpr>(Object->IgnoreParenImpCasts()))
          write(F.Decl, Call);
        else
          write(F.rootVariable(Object), Call);
      }
    unsigned NumParams = Callee->getNumParams();
    for (unsigned I = 0; I < Args.size() && I < NumParams; ++I)
      if (writesThroughParam(Callee->getParamDecl(I)->getType()) &&
          !isForwardingReferenceParam(Callee, I))
        write(F.rootVariable(Args[I]), Call);
  }

  void walk(const Stmt *S) {
    if (!S)
      return;
    // A path that ends in a throw, an abort or a failed assertion or test
    // is cold: it makes no finding and no loop, and its calls make nobody
    // expensive.
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      walk(If->getInit());
      if (const VarDecl *CV = If->getConditionVariable())
        declare(CV, CV->getInit());
      walk(If->getCond());
      if (!endsCold(If->getThen(), F.Ctx))
        walk(If->getThen());
      if (!endsCold(If->getElse(), F.Ctx))
        walk(If->getElse());
      return;
    }
    // An OpenMP directive (`#pragma omp parallel for` under -fopenmp) wraps
    // its loop in a CapturedStmt, whose children leave the captured body
    // out: walk it, or the loop and everything in it is invisible.
    if (const auto *Block = dyn_cast<CompoundStmt>(S)) {
      for (const Stmt *Child : Block->body()) {
        if (endsCold(Child, F.Ctx))
          return; // the rest of the block is dead
        walk(Child);
      }
      return;
    }
    if (const auto *For = dyn_cast<ForStmt>(S)) {
      walk(For->getInit()); // runs once, outside the loop
      if (isConstantFalse(For->getCond(), F.Ctx))
        return; // never runs
      LoopInfo *L = pushLoop(LoopKind::For, S);
      L->Condition = For->getCond();
      L->ConstantTrip = hasConstantTrip(For, F.Ctx);
      if (const auto *DS = dyn_cast_or_null<DeclStmt>(For->getInit()))
        for (const Decl *D : DS->decls())
          if (const auto *VD = dyn_cast<VarDecl>(D))
            L->Induction.insert(VD);
      if (const VarDecl *CV = For->getConditionVariable())
        declare(CV, CV->getInit());
      walk(For->getCond());
      walk(For->getBody());
      walk(For->getInc());
      popLoop();
      return;
    }
    if (const auto *RF = dyn_cast<CXXForRangeStmt>(S)) {
      walk(RF->getInit());
      walk(RF->getRangeInit()); // evaluated once
      LoopInfo *L = pushLoop(LoopKind::RangeFor, S);
      L->Range = RF->getRangeInit();
      const VarDecl *Elem = RF->getLoopVariable();
      L->Induction.insert(Elem);
      declare(Elem, RF->getRangeInit());
      walk(RF->getBody());
      popLoop();
      return;
    }
    if (const auto *W = dyn_cast<WhileStmt>(S)) {
      if (isConstantFalse(W->getCond(), F.Ctx)) {
        walk(W->getCond()); // evaluated once, the body never runs
        return;
      }
      pushLoop(LoopKind::While, S)->Condition = W->getCond();
      if (const VarDecl *CV = W->getConditionVariable())
        declare(CV, CV->getInit());
      walk(W->getCond());
      walk(W->getBody());
      popLoop();
      return;
    }
    if (const auto *Do = dyn_cast<DoStmt>(S)) {
      // A loop that runs at most once is not a loop.
      if (isConstantFalse(Do->getCond(), F.Ctx)) {
        walk(Do->getBody());
        walk(Do->getCond());
        return;
      }
      pushLoop(LoopKind::DoWhile, S)->Condition = Do->getCond();
      walk(Do->getBody());
      walk(Do->getCond());
      popLoop();
      return;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D)) {
          walk(VD->getInit());
          declare(VD, VD->getInit());
        }
      return;
    }
    if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
      // A lambda's body runs where it is called; we treat it as running
      // where it is written, which is right for the common immediate use.
      // Its parameters take a new value on every call: variant in every
      // enclosing loop.
      for (const ParmVarDecl *P : LE->getCallOperator()->parameters())
        for (LoopInfo *L : Stack)
          L->Written.insert(P);
      walk(LE->getBody());
      return;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
      if (BO->isAssignmentOp()) {
        BinaryOperatorKind K = BO->getOpcode();
        walkAssignment(S, BO->getLHS(), BO->getRHS(),
                       BO->isCompoundAssignmentOp(),
                       K == BO_AddAssign || K == BO_SubAssign);
        return;
      }
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
      if (UO->isIncrementDecrementOp()) {
        walk(UO->getSubExpr());
        write(F.rootVariable(UO->getSubExpr()), S,
              /*Step=*/declOf(UO->getSubExpr()) != nullptr, /*Unit=*/true);
        return;
      }
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
      OverloadedOperatorKind K = Op->getOperator();
      if (Op->isAssignmentOp() && Op->getNumArgs() == 2) {
        walkAssignment(S, Op->getArg(0), Op->getArg(1), K != OO_Equal,
                       K == OO_PlusEqual || K == OO_MinusEqual);
        F.Calls.push_back({Op, current()});
        return;
      }
      if ((K == OO_PlusPlus || K == OO_MinusMinus) && Op->getNumArgs() >= 1) {
        walk(Op->getArg(0));
        write(F.rootVariable(Op->getArg(0)), S,
              /*Step=*/declOf(Op->getArg(0)) != nullptr, /*Unit=*/true);
        F.Calls.push_back({Op, current()});
        return;
      }
      const FunctionDecl *Callee = Op->getDirectCallee();
      llvm::SmallVector<const Expr *, 4> Args(Op->arg_begin(), Op->arg_end());
      if (isa_and_nonnull<CXXMethodDecl>(Callee) && !Args.empty()) {
        const Expr *Object = Args.front();
        Args.erase(Args.begin());
        walkCall(Op, Callee, Args, Object);
      } else {
        walkCall(Op, Callee, Args, nullptr);
      }
      return;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
      llvm::SmallVector<const Expr *, 4> Args(MC->arg_begin(), MC->arg_end());
      walkCall(MC, MC->getMethodDecl(), Args, MC->getImplicitObjectArgument());
      return;
    }
    if (const auto *CE = dyn_cast<CallExpr>(S)) {
      walk(CE->getCallee());
      llvm::SmallVector<const Expr *, 4> Args(CE->arg_begin(), CE->arg_end());
      walkCall(CE, CE->getDirectCallee(), Args, nullptr);
      return;
    }
    if (const auto *CC = dyn_cast<CXXConstructExpr>(S)) {
      llvm::SmallVector<const Expr *, 4> Args(CC->arg_begin(), CC->arg_end());
      walkCall(CC, CC->getConstructor(), Args, nullptr);
      return;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
      if (const ValueDecl *V = declOf(DRE))
        read(V);
      return;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(S)) {
      if (const ValueDecl *V = declOf(ME)) {
        read(V);
        return;
      }
    }
    walkChildren(S);
  }

  void finish() {
    for (const std::unique_ptr<LoopInfo> &Owned : F.Loops) {
      LoopInfo &L = *Owned;
      // Variables declared outside and only stepped inside are counters.
      for (const ValueDecl *V : L.Written) {
        if (L.Local.count(V))
          continue;
        bool OnlySteps = true, AnyWrite = false;
        for (const Access &W : Writes)
          if (W.Var == V && L.contains(W.Loop)) {
            AnyWrite = true;
            OnlySteps &= W.Step;
          }
        if (AnyWrite && OnlySteps)
          L.Induction.insert(V);
      }
      llvm::SmallPtrSet<const ValueDecl *, 4> Tested;
      collectVars(L.Condition, Tested);
      for (const Access &W : Writes)
        if (L.contains(W.Loop) && L.Induction.count(W.Var) &&
            Tested.count(W.Var) && W.Step && !W.UnitStep)
          L.UnitStride = false;
      for (const ValueDecl *V : L.Written) {
        if (L.Local.count(V) || L.Induction.count(V))
          continue;
        unsigned FirstWrite = ~0u;
        for (const Access &W : Writes)
          if (W.Var == V && L.contains(W.Loop))
            FirstWrite = std::min(FirstWrite, W.Order);
        if (FirstWrite == ~0u)
          continue; // changes outside our view (a lambda parameter)
        for (const Access &R : Reads)
          if (R.Var == V && L.contains(R.Loop) && R.Order < FirstWrite) {
            L.Carried.insert(V);
            break;
          }
      }
    }
  }
};

FunctionFacts::FunctionFacts(const FunctionDecl *FD, ASTContext &Ctx,
                             const ApiCatalog &Catalog)
    : Decl(FD), Ctx(Ctx), Catalog(Catalog) {
  if (const Stmt *Body = FD->getBody())
    FactsWalker(*this, Ctx.getSourceManager()).run(Body);
}

} // namespace hotpath
