//===- RuleUtils.cpp ------------------------------------------------------===//
#include "rules/RuleUtils.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace hotpath {

const FunctionDecl *calleeOf(const Expr *Call) {
  if (const auto *CE = dyn_cast<CallExpr>(Call))
    return CE->getDirectCallee();
  if (const auto *CC = dyn_cast<CXXConstructExpr>(Call))
    return CC->getConstructor();
  return nullptr;
}

const Expr *receiverOf(const Expr *Call) {
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
    return MC->getImplicitObjectArgument();
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call))
    if (isa_and_nonnull<CXXMethodDecl>(Op->getDirectCallee()) &&
        Op->getNumArgs() > 0)
      return Op->getArg(0);
  return nullptr;
}

llvm::SmallVector<const Expr *, 4> argumentsOf(const Expr *Call) {
  llvm::SmallVector<const Expr *, 4> Args;
  if (const auto *CC = dyn_cast<CXXConstructExpr>(Call)) {
    Args.append(CC->arg_begin(), CC->arg_end());
    return Args;
  }
  const auto *CE = dyn_cast<CallExpr>(Call);
  if (!CE)
    return Args;
  unsigned Skip = receiverOf(Call) && isa<CXXOperatorCallExpr>(Call) ? 1 : 0;
  for (unsigned I = Skip; I < CE->getNumArgs(); ++I)
    if (!isa<CXXDefaultArgExpr>(CE->getArg(I)))
      Args.push_back(CE->getArg(I));
  return Args;
}

std::string sourceText(const TUContext &TU, const Expr *E) {
  const SourceManager &SM = TU.ast().getSourceManager();
  CharSourceRange Range = CharSourceRange::getTokenRange(E->getSourceRange());
  std::string Text =
      Lexer::getSourceText(Range, SM, TU.ast().getLangOpts()).str();
  if (Text.size() > 60)
    Text = Text.substr(0, 57) + "...";
  return Text;
}

namespace {

bool isBatchType(const ApiCatalog &Catalog, QualType T) {
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return false;
  for (const std::string &Name : Catalog.BatchTypes)
    if (ApiCatalog::recordMatches(RD, Name, /*Derived=*/true))
      return true;
  // A container of batches (std::vector<torch::data::Example<>>) is a
  // batch too.
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
      if (Arg.getKind() == TemplateArgument::Type &&
          Arg.getAsType()->getAsCXXRecordDecl() &&
          Arg.getAsType()->getAsCXXRecordDecl() != RD &&
          isBatchType(Catalog, Arg.getAsType()))
        return true;
  return false;
}

} // namespace

Granularity classify(const TUContext &TU, const FunctionFacts &F, const Expr *E,
                     const LoopInfo &L) {
  if (!F.isVariant(E, L))
    return Granularity::Invariant;
  if (!L.UnitStride)
    return Granularity::Batch;
  const ApiCatalog &Catalog = TU.catalog();
  if (L.Range && isBatchType(Catalog, L.Range->getType()))
    return Granularity::Batch;
  bool Batch = false, FromItem = false;
  F.forEachOrigin(
      E, L,
      [&](const Stmt *S) {
        if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
          FromItem |= L.Induction.count(DRE->getDecl()) > 0;
        if (Batch)
          return;
        if (const auto *Call = dyn_cast<Expr>(S)) {
          if (const FunctionDecl *FD = calleeOf(Call))
            if (isa<CXXMethodDecl>(FD) &&
                Catalog.BatchFormingMethods.count(methodName(FD)))
              Batch = true;
          if (isa<CXXConstructExpr>(Call) || isa<DeclRefExpr>(Call))
            Batch |= isBatchType(Catalog, Call->getType());
        }
      },
      /*FollowCarried=*/false);
  if (Batch)
    return Granularity::Batch;
  return FromItem ? Granularity::PerItem : Granularity::Varying;
}

bool dependsOnPreviousOutput(const TUContext &TU, const FunctionFacts &F,
                             const Expr *E, const LoopInfo &L) {
  for (const ValueDecl *V : F.referencedVars(E, L)) {
    if (!L.Carried.count(V))
      continue;
    bool FromModel = false;
    for (const Stmt *D : F.definitionsIn(V, L))
      if (const auto *DE = dyn_cast<Expr>(D))
        F.forEachOrigin(DE, L, [&](const Stmt *S) {
          if (const auto *Call = dyn_cast<Expr>(S))
            if (TU.catalog().isInference(calleeOf(Call)))
              FromModel = true;
        });
    if (FromModel)
      return true;
  }
  return false;
}

const LoopInfo *outermostInvariantLoop(const FunctionFacts &F,
                                       llvm::ArrayRef<const Expr *> Exprs,
                                       const LoopInfo &L) {
  auto AllInvariant = [&](const LoopInfo &Loop) {
    for (const Expr *E : Exprs)
      if (E && F.isVariant(E, Loop))
        return false;
    return true;
  };
  if (!AllInvariant(L))
    return nullptr;
  const LoopInfo *Cur = &L;
  while (Cur->Parent && AllInvariant(*Cur->Parent))
    Cur = Cur->Parent;
  return Cur;
}

} // namespace hotpath
