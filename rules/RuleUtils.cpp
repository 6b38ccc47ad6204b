//===- RuleUtils.cpp ------------------------------------------------------===//
#include "rules/RuleUtils.h"
#include "analyzer/ApiCatalog.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

#include <functional>

using namespace clang;

namespace hotpath {

const Expr *stripped(const Expr *E) {
  return E ? E->IgnoreImplicit()->IgnoreParens() : nullptr;
}

bool typeIs(QualType T, llvm::StringRef Class, bool Derived) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && ApiCatalog::recordMatches(RD, Class, Derived);
}

const Stmt *loopBody(const LoopInfo &L) {
  if (const auto *RangeFor = dyn_cast<CXXForRangeStmt>(L.Statement))
    return RangeFor->getBody();
  if (const auto *For = dyn_cast<ForStmt>(L.Statement))
    return For->getBody();
  if (const auto *While = dyn_cast<WhileStmt>(L.Statement))
    return While->getBody();
  if (const auto *Do = dyn_cast<DoStmt>(L.Statement))
    return Do->getBody();
  return nullptr;
}

std::string loopPhrase(const LoopInfo &L) {
  return std::string(loopKindName(L.Kind)) + " loop at line " +
         std::to_string(L.Lines.Begin);
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

/// The type is a tensor, or a class or container holding tensors (an
/// Example, a std::vector<torch::Tensor>, a tuple of them): a value of it
/// is an item of data.
bool holdsTensors(QualType T, unsigned Depth = 0) {
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || Depth > 3)
    return false;
  if (ApiCatalog::recordMatches(RD, "at::TensorBase", /*Derived=*/true) ||
      ApiCatalog::recordMatches(RD, "c10::IValue", /*Derived=*/false))
    return true;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
      if (Arg.getKind() == TemplateArgument::Type &&
          holdsTensors(Arg.getAsType(), Depth + 1))
        return true;
  if (RD->hasDefinition())
    for (const FieldDecl *Field : RD->fields())
      if (holdsTensors(Field->getType(), Depth + 1))
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
  // The counter or element only as a value of a new tensor (torch::full(
  // {4}, v), linspace(0, i, n)): each iteration makes a whole tensor, not
  // an item of one. Origins are visited parents first.
  llvm::SmallPtrSet<const Stmt *, 16> FactoryValues, Indexes;
  // Every node of the subtree of `S` into `Set`.
  std::function<void(const Stmt *, llvm::SmallPtrSetImpl<const Stmt *> &)>
      Mark = [&](const Stmt *S, llvm::SmallPtrSetImpl<const Stmt *> &Set) {
        if (!S || !Set.insert(S).second)
          return;
        for (const Stmt *C : subStatements(S))
          Mark(C, Set);
      };
  auto MarkValues = [&](const Stmt *S) { Mark(S, FactoryValues); };
  auto MarkIndex = [&](const Stmt *S) { Mark(S, Indexes); };
  F.forEachOrigin(
      E, L,
      [&](const Stmt *S) {
        if (const auto *Call = dyn_cast<CallExpr>(S))
          if (const FunctionDecl *FD = Call->getDirectCallee())
            if (Catalog.ValueFactories.count(qualifiedName(FD)))
              for (const Expr *Arg : Call->arguments())
                MarkValues(Arg);
        // Evidence of an item: the counter indexes something (x[i],
        // select(0, i), index({i})), or the element is itself a tensor or
        // holds tensors. A counter or element that only picks a dtype or
        // an option (`.to(type)` over {kFloat, kBFloat16}) is no item.
        if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S))
          if (Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2)
            MarkIndex(Op->getArg(1));
        if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S))
          if (const CXXMethodDecl *MD = Member->getMethodDecl())
            if (MD->getDeclName().isIdentifier() &&
                (MD->getName() == "select" || MD->getName() == "index" ||
                 MD->getName() == "narrow" || MD->getName() == "at" ||
                 MD->getName() == "slice"))
              for (const Expr *Arg : Member->arguments())
                MarkIndex(Arg);
        if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
          FromItem |= L.Induction.count(DRE->getDecl()) > 0 &&
                      !FactoryValues.count(DRE) &&
                      (Indexes.count(DRE) || holdsTensors(DRE->getType()));
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

std::vector<Replacement> hoistDeclarationFixIt(const TUContext &TU,
                                               const FunctionFacts &F,
                                               const Expr *Call,
                                               const LoopInfo &L) {
  const auto *Compound = dyn_cast_or_null<CompoundStmt>(loopBody(L));
  if (!Compound)
    return {};
  const DeclStmt *Decl = nullptr;
  const VarDecl *Var = nullptr;
  for (const Stmt *S : Compound->body())
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      if (DS->isSingleDecl())
        if (const auto *V = dyn_cast<VarDecl>(DS->getSingleDecl()))
          if (V->getInit() && V->getInit()->IgnoreImplicit()->IgnoreParens() ==
                                  Call->IgnoreImplicit()->IgnoreParens()) {
            Decl = DS;
            Var = V;
          }
  if (!Decl || L.Written.count(Var))
    return {};
  // Everything the declaration names must exist before the loop.
  struct Names : RecursiveASTVisitor<Names> {
    const LoopInfo *Loop;
    bool Inner = false;
    bool VisitDeclRefExpr(DeclRefExpr *E) {
      Inner |= Loop->Local.count(E->getDecl()) > 0;
      return true;
    }
  } Check;
  Check.Loop = &L;
  Check.TraverseStmt(const_cast<Expr *>(Var->getInit()));
  if (Check.Inner)
    return {};
  const SourceManager &SM = TU.ast().getSourceManager();
  clang::SourceLocation DeclBegin = SM.getExpansionLoc(Decl->getBeginLoc());
  clang::SourceLocation DeclEnd = SM.getExpansionLoc(Decl->getEndLoc());
  clang::SourceLocation LoopBegin =
      SM.getExpansionLoc(L.Statement->getBeginLoc());
  FileID File = SM.getFileID(DeclBegin);
  if (File != SM.getFileID(DeclEnd) || File != SM.getFileID(LoopBegin))
    return {};
  llvm::StringRef Text = SM.getBufferData(File);
  unsigned Begin = SM.getFileOffset(DeclBegin);
  unsigned End = SM.getFileOffset(DeclEnd) + 1; // the ';'
  unsigned LoopAt = SM.getFileOffset(LoopBegin);
  auto LineStart = [&](unsigned Offset) {
    while (Offset > 0 && Text[Offset - 1] != '\n')
      --Offset;
    return Offset;
  };
  // The declaration must sit alone on its lines, and the loop start its
  // line, so that whole lines move.
  unsigned DeclLine = LineStart(Begin), LoopLine = LineStart(LoopAt);
  if (Text.substr(DeclLine, Begin - DeclLine).find_first_not_of(" \t") !=
          llvm::StringRef::npos ||
      Text.substr(LoopLine, LoopAt - LoopLine).find_first_not_of(" \t") !=
          llvm::StringRef::npos)
    return {};
  unsigned DeclLineEnd = End;
  while (DeclLineEnd < Text.size() &&
         (Text[DeclLineEnd] == ' ' || Text[DeclLineEnd] == '\t'))
    ++DeclLineEnd;
  if (DeclLineEnd >= Text.size() || Text[DeclLineEnd] != '\n')
    return {};
  std::string Path;
  if (const FileEntry *FE = SM.getFileEntryForID(File))
    Path = FE->tryGetRealPathName().str();
  if (Path.empty())
    return {};
  std::string Indent = Text.substr(LoopLine, LoopAt - LoopLine).str();
  std::string Moved = Indent + Text.substr(Begin, End - Begin).str() + "\n";
  auto Edit = [&](unsigned Offset, unsigned Length, std::string NewText) {
    Replacement R{Path, Offset, Length, std::move(NewText)};
    R.Line = SM.getLineNumber(File, Offset);
    R.Column = SM.getColumnNumber(File, Offset);
    R.EndLine = SM.getLineNumber(File, Offset + Length);
    R.EndColumn = SM.getColumnNumber(File, Offset + Length);
    return R;
  };
  return {Edit(LoopLine, 0, Moved),
          Edit(DeclLine, DeclLineEnd + 1 - DeclLine, "")};
}

} // namespace hotpath
