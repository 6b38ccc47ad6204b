//===- VectorReserveRule.cpp ----------------------------------------------===//
#include "rules/micro/VectorReserveRule.h"
#include "analyzer/ApiCatalog.h"
#include "rules/RuleUtils.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace hotpath {

namespace {

/// The statement can leave an iteration early: a `continue` or `break` of
/// this loop (not of a nested loop or switch), a `return`, `goto` or throw.
bool leavesEarly(const Stmt *S, bool InNestedLoop = false,
                 bool InSwitch = false) {
  if (!S)
    return false;
  if (isa<ReturnStmt>(S) || isa<GotoStmt>(S) || isa<CXXThrowExpr>(S))
    return true;
  if (isa<ContinueStmt>(S) && !InNestedLoop)
    return true;
  if (isa<BreakStmt>(S) && !InNestedLoop && !InSwitch)
    return true;
  bool Loop = isa<ForStmt>(S) || isa<WhileStmt>(S) || isa<DoStmt>(S) ||
              isa<CXXForRangeStmt>(S);
  for (const Stmt *C : subStatements(S))
    if (leavesEarly(C, InNestedLoop || Loop, InSwitch || isa<SwitchStmt>(S)))
      return true;
  return false;
}

/// `Call` is a statement of its own directly in the loop body and nothing
/// in the body leaves the iteration early: it runs exactly once per
/// iteration.
bool oncePerIteration(const Expr *Call, const LoopInfo &L) {
  const Stmt *Body = loopBody(L);
  if (leavesEarly(Body))
    return false;
  auto Same = [&](const Stmt *S) {
    const auto *E = dyn_cast_or_null<Expr>(S);
    return E && E->IgnoreImplicit()->IgnoreParens() ==
                    Call->IgnoreImplicit()->IgnoreParens();
  };
  if (const auto *Compound = dyn_cast_or_null<CompoundStmt>(Body)) {
    for (const Stmt *S : Compound->body())
      if (Same(S))
        return true;
    return false;
  }
  return Same(Body);
}

/// The trip count is known when the loop starts: a range-for over a sized
/// range, or a counted loop `i < n` whose bound does not change in it.
bool knownTripCount(const FunctionFacts &F, const LoopInfo &L) {
  // A range-for over a sized range: an array or a class with size(). A
  // single-pass range (a DataLoader, a stream or generator) has no count
  // to reserve.
  if (const auto *RangeFor = dyn_cast<CXXForRangeStmt>(L.Statement)) {
    QualType T = RangeFor->getRangeInit()->getType().getNonReferenceType();
    if (T->isArrayType())
      return true;
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
    if (!RD || !RD->hasDefinition())
      return false;
    bool Sized = false;
    auto HasSize = [](const CXXRecordDecl *R) {
      for (const CXXMethodDecl *M : R->methods())
        if (M->getDeclName().isIdentifier() && M->getName() == "size")
          return true;
      for (const Decl *D : R->decls())
        if (const auto *FT = dyn_cast<FunctionTemplateDecl>(D))
          if (FT->getName() == "size")
            return true;
      return false;
    };
    Sized = HasSize(RD);
    if (!Sized)
      RD->forallBases([&](const CXXRecordDecl *Base) {
        Sized |= HasSize(Base);
        return true;
      });
    return Sized;
  }
  const auto *For = dyn_cast<ForStmt>(L.Statement);
  const auto *Cond =
      For ? dyn_cast_or_null<BinaryOperator>(
                For->getCond() ? For->getCond()->IgnoreImplicit() : nullptr)
          : nullptr;
  if (!Cond || !(Cond->getOpcode() == BO_LT || Cond->getOpcode() == BO_NE ||
                 Cond->getOpcode() == BO_LE))
    return false;
  return L.UnitStride && !F.isVariant(Cond->getRHS(), L);
}

} // namespace

VectorReserveRule::VectorReserveRule()
    : Rule("micro-vector-reserve", Category::Micro) {}

llvm::StringRef VectorReserveRule::summary() const {
  return "a vector grows by one element per iteration of a loop whose trip "
         "count is known; reserve it first";
}

void VectorReserveRule::check(const TUContext &TU, const FunctionFacts &F,
                              FindingsSink &Sink) const {
  const SourceManager &SM = TU.ast().getSourceManager();
  for (const CallFact &C : F.calls()) {
    const auto *Member = dyn_cast<CXXMemberCallExpr>(C.Call);
    const CXXMethodDecl *MD = Member ? Member->getMethodDecl() : nullptr;
    if (!C.Loop || !MD || !MD->getDeclName().isIdentifier() ||
        (MD->getName() != "push_back" && MD->getName() != "emplace_back") ||
        !ApiCatalog::recordMatches(MD->getParent(), "std::vector", false))
      continue;
    const auto *Ref = dyn_cast<DeclRefExpr>(
        Member->getImplicitObjectArgument()->IgnoreImplicit());
    const auto *Vector = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    // A local vector of this function, declared before the loop.
    if (!Vector || !Vector->isLocalVarDecl() || C.Loop->Local.count(Vector) ||
        !oncePerIteration(C.Call, *C.Loop) || !knownTripCount(F, *C.Loop) ||
        C.Loop->Parent)
      continue;
    // Any reserve (or resize) of the vector before the loop settles it.
    bool Reserved = false;
    for (const CallFact &R : F.calls()) {
      const auto *RM = dyn_cast<CXXMemberCallExpr>(R.Call);
      const CXXMethodDecl *RMD = RM ? RM->getMethodDecl() : nullptr;
      const auto *RRef =
          RM ? dyn_cast<DeclRefExpr>(
                   RM->getImplicitObjectArgument()->IgnoreImplicit())
             : nullptr;
      if (RMD && RRef && RRef->getDecl() == Vector &&
          RMD->getDeclName().isIdentifier() &&
          (RMD->getName() == "reserve" || RMD->getName() == "resize") &&
          SM.isBeforeInTranslationUnit(R.Call->getBeginLoc(),
                                       C.Loop->Statement->getBeginLoc()))
        Reserved = true;
    }
    if (Reserved)
      continue;
    std::string Name = Vector->getNameAsString();
    Finding Out = makeFinding(TU, F, C.Call, *C.Loop);
    Out.Message = "'" + Name + "' grows by one element per iteration of the " +
                  loopPhrase(*C.Loop) +
                  ", whose trip count is known; reserve it before the loop";
    Out.FixHint = "call " + Name +
                  ".reserve(<trip count>) before the loop at line " +
                  std::to_string(C.Loop->Lines.Begin);
    Sink.report(std::move(Out));
  }
}

} // namespace hotpath
