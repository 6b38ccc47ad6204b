//===- StmtShapes.cpp -----------------------------------------------------===//
#include "analyzer/StmtShapes.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

#include <functional>

using namespace clang;

namespace hotpath {

const ValueDecl *declOf(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (isa<VarDecl>(DRE->getDecl()))
      return DRE->getDecl();
    // A structured binding names a piece of its decomposed variable.
    if (const auto *B = dyn_cast<BindingDecl>(DRE->getDecl()))
      return B->getDecomposedDecl();
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
      return ME->getMemberDecl();
  return nullptr;
}

const Stmt *bodyOfLoop(const Stmt *Loop) {
  if (const auto *RangeFor = dyn_cast_or_null<CXXForRangeStmt>(Loop))
    return RangeFor->getBody();
  if (const auto *For = dyn_cast_or_null<ForStmt>(Loop))
    return For->getBody();
  if (const auto *While = dyn_cast_or_null<WhileStmt>(Loop))
    return While->getBody();
  if (const auto *Do = dyn_cast_or_null<DoStmt>(Loop))
    return Do->getBody();
  return nullptr;
}

namespace {

/// The expression names std::cout, std::cerr, std::clog (or the wide ones),
/// or the C streams stdout, stderr.
bool namesConsoleStream(const Expr *E) {
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *Var = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!Var || !Var->getIdentifier())
    return false;
  llvm::StringRef Name = Var->getName();
  if (Name == "stdout" || Name == "stderr")
    return true;
  return Var->isInStdNamespace() &&
         (Name == "cout" || Name == "cerr" || Name == "clog" ||
          Name == "wcout" || Name == "wcerr" || Name == "wclog");
}

} // namespace

bool isConsoleOutput(const Expr *Call) {
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
    if (Op->getOperator() != OO_LessLess || Op->getNumArgs() != 2)
      return false;
    // `std::cout << a << b`: the stream is at the bottom of the chain.
    const Expr *Stream = Op->getArg(0)->IgnoreParenImpCasts();
    while (const auto *Inner = dyn_cast<CXXOperatorCallExpr>(Stream)) {
      if (Inner->getOperator() != OO_LessLess || Inner->getNumArgs() != 2)
        return false;
      Stream = Inner->getArg(0)->IgnoreParenImpCasts();
    }
    return namesConsoleStream(Stream);
  }
  const auto *CE = dyn_cast<CallExpr>(Call);
  const FunctionDecl *FD = CE ? CE->getDirectCallee() : nullptr;
  if (!FD || !FD->getIdentifier() ||
      !(FD->getDeclContext()->getRedeclContext()->isTranslationUnit() ||
        FD->isInStdNamespace()))
    return false;
  llvm::StringRef Name = FD->getName();
  if (Name == "printf" || Name == "puts" || Name == "putchar" ||
      Name == "vprintf")
    return true;
  if (Name == "fprintf" || Name == "vfprintf" || Name == "fputs" ||
      Name == "fputc") {
    unsigned StreamArg = Name == "fprintf" || Name == "vfprintf" ? 0 : 1;
    return CE->getNumArgs() > StreamArg &&
           namesConsoleStream(CE->getArg(StreamArg));
  }
  return false;
}

bool printsEveryIteration(const Stmt *Loop) {
  // Output under a branch is not printed every iteration.
  return anyUnder(
      bodyOfLoop(Loop),
      [](const Stmt *S) {
        const auto *E = dyn_cast<Expr>(S);
        return E && isConsoleOutput(E);
      },
      [](const Stmt *S) {
        return isa<IfStmt>(S) || isa<SwitchStmt>(S) ||
               isa<AbstractConditionalOperator>(S) || isa<LambdaExpr>(S);
      });
}

bool isStdFunction(const FunctionDecl *FD, llvm::StringRef Name) {
  return FD && FD->isInStdNamespace() && FD->getIdentifier() &&
         FD->getName() == Name;
}

llvm::SmallVector<const Stmt *, 8> subStatements(const Stmt *S) {
  llvm::SmallVector<const Stmt *, 8> Out;
  if (!S)
    return Out;
  if (const auto *Captured = dyn_cast<CapturedStmt>(S)) {
    for (const Expr *Init : Captured->capture_inits())
      Out.push_back(Init);
    Out.push_back(Captured->getCapturedStmt());
    return Out;
  }
  for (const Stmt *C : S->children())
    Out.push_back(C);
  return Out;
}

bool anyUnder(const Stmt *S, llvm::function_ref<bool(const Stmt *)> Match,
              llvm::function_ref<bool(const Stmt *)> Skip) {
  llvm::SmallVector<const Stmt *, 32> Work = {S};
  while (!Work.empty()) {
    const Stmt *X = Work.pop_back_val();
    if (!X || (Skip && Skip(X)))
      continue;
    if (Match(X))
      return true;
    llvm::SmallVector<const Stmt *, 8> Sub = subStatements(X);
    // Reversed: statements are visited in source order.
    Work.append(Sub.rbegin(), Sub.rend());
  }
  return false;
}

bool isUnder(const Stmt *Target, const Stmt *S) {
  return Target && anyUnder(S, [Target](const Stmt *X) { return X == Target; });
}

bool isConstantFalse(const Expr *Cond, const ASTContext &Ctx) {
  if (!Cond || Cond->isValueDependent())
    return false;
  bool Value = true;
  return Cond->EvaluateAsBooleanCondition(Value, Ctx) && !Value;
}

bool isForwardingReferenceParam(const FunctionDecl *Callee, unsigned I) {
  const FunctionDecl *Pattern = Callee->getTemplateInstantiationPattern();
  if (!Pattern || I >= Pattern->getNumParams())
    return false;
  QualType T = Pattern->getParamDecl(I)->getType();
  if (const auto *Expansion = T->getAs<PackExpansionType>())
    T = Expansion->getPattern();
  const auto *Ref = T->getAs<RValueReferenceType>();
  return Ref && !Ref->getPointeeType().hasQualifiers() &&
         Ref->getPointeeType()->getAs<TemplateTypeParmType>();
}

bool endsCold(const Stmt *S, const ASTContext &Ctx) {
  if (!S)
    return false;
  if (const auto *E = dyn_cast<Expr>(S))
    S = E->IgnoreParenImpCasts();
  if (isa<CXXThrowExpr>(S))
    return true;
  if (const auto *CE = dyn_cast<CallExpr>(S)) {
    if (const FunctionDecl *FD = CE->getDirectCallee())
      if (FD->isNoReturn() || FD->hasAttr<AnalyzerNoReturnAttr>())
        return true;
  }
  // googletest's failure path: `AssertHelper(...) = Message() << ...`.
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S))
    if (Op->getNumArgs() > 0)
      if (const CXXRecordDecl *RD =
              Op->getArg(0)->getType()->getAsCXXRecordDecl())
        if (RD->getIdentifier() && RD->getName() == "AssertHelper")
          return true;
  if (const auto *C = dyn_cast<CompoundStmt>(S))
    return llvm::any_of(C->body(),
                        [&](const Stmt *X) { return endsCold(X, Ctx); });
  if (const auto *Do = dyn_cast<DoStmt>(S))
    return isConstantFalse(Do->getCond(), Ctx) && endsCold(Do->getBody(), Ctx);
  if (const auto *If = dyn_cast<IfStmt>(S))
    return endsCold(If->getThen(), Ctx) && If->getElse() &&
           endsCold(If->getElse(), Ctx);
  if (const auto *EWC = dyn_cast<ExprWithCleanups>(S))
    return endsCold(EWC->getSubExpr(), Ctx);
  if (const auto *BO = dyn_cast<BinaryOperator>(S))
    if (BO->getOpcode() == BO_Comma)
      return endsCold(BO->getLHS(), Ctx) || endsCold(BO->getRHS(), Ctx);
  return false;
}

bool hasConstantTrip(const ForStmt *For, const ASTContext &Ctx) {
  const auto *Cond = dyn_cast_or_null<BinaryOperator>(
      For->getCond() ? For->getCond()->IgnoreParenImpCasts() : nullptr);
  if (!Cond || !Cond->isComparisonOp())
    return false;
  auto IsConstant = [&](const Expr *E) {
    return !E->isValueDependent() && E->isIntegerConstantExpr(Ctx);
  };
  auto IsVar = [](const Expr *E) {
    return isa<DeclRefExpr>(E->IgnoreParenImpCasts());
  };
  return (IsVar(Cond->getLHS()) && IsConstant(Cond->getRHS())) ||
         (IsVar(Cond->getRHS()) && IsConstant(Cond->getLHS()));
}

} // namespace hotpath
