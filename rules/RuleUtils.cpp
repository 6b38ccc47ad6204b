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

const Stmt *loopBody(const LoopInfo &L) { return bodyOfLoop(L.Statement); }

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

std::string positionPhrase(const TUContext &TU, const Expr *At,
                           const Expr *From) {
  SourceLocation Here = TU.location(At->getBeginLoc());
  if (Here.File == TU.location(From->getBeginLoc()).File)
    return "line " + std::to_string(Here.Line);
  return Here.File + ":" + std::to_string(Here.Line);
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
                             const Expr *E, const LoopInfo &L,
                             bool HelperSteps) {
  for (const ValueDecl *V : F.referencedVars(E, L)) {
    if (!L.Carried.count(V))
      continue;
    bool FromModel = false;
    for (const Stmt *D : F.definitionsIn(V, L))
      if (const auto *DE = dyn_cast<Expr>(D))
        F.forEachOrigin(DE, L, [&](const Stmt *S) {
          if (const auto *Call = dyn_cast<Expr>(S))
            if (TU.catalog().isInference(calleeOf(Call)) ||
                (HelperSteps && TU.factsOf(calleeOf(Call))))
              FromModel = true;
        });
    if (FromModel)
      return true;
  }
  return false;
}

bool namesDevice(const Expr *E, llvm::StringRef Kind) {
  E = stripped(E);
  if (!E)
    return false;
  std::string Upper = Kind.upper();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    llvm::StringRef Name = Ref->getDecl()->getName();
    if (Name == Upper || Name == "k" + Upper)
      return true;
    // A local or const Device initialized with one.
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      if (Var->getType().isConstQualified() || Var->isLocalVarDecl())
        return Var->getInit() && namesDevice(Var->getInit(), Kind);
    return false;
  }
  if (const auto *Str = dyn_cast<StringLiteral>(E))
    return Str->getString().startswith(Kind);
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    return Construct->getNumArgs() > 0 &&
           namesDevice(Construct->getArg(0), Kind);
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E))
    return namesDevice(Cast->getSubExpr(), Kind);
  return false;
}

namespace {

/// The name of the transfer method `Call` calls ("cuda", "cpu", "to"), or
/// empty when it is no catalogued transfer.
llvm::StringRef transferName(const ApiCatalog &Catalog, const Expr *Call) {
  const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(stripped(Call));
  const CXXMethodDecl *MD = MC ? MC->getMethodDecl() : nullptr;
  if (!MD || !MD->getDeclName().isIdentifier() || !Catalog.isTransfer(MD))
    return {};
  return MD->getName();
}

/// The first argument of `.to(…)` is a Device or a DeviceType.
bool toDeviceArgument(const Expr *Call, const Expr *&Arg) {
  const auto *MC = cast<CXXMemberCallExpr>(stripped(Call));
  if (MC->getNumArgs() == 0)
    return false;
  // Through implicit conversions: `x.to(dev)` binds `dev` to the
  // TensorOptions overload by TensorOptions's converting constructor.
  Arg = MC->getArg(0);
  for (;;) {
    Arg = Arg->IgnoreImplicit();
    const auto *Convert = dyn_cast<CXXConstructExpr>(Arg);
    if (!Convert || isa<CXXTemporaryObjectExpr>(Convert) ||
        Convert->getNumArgs() == 0)
      break;
    Arg = Convert->getArg(0);
  }
  QualType T = Arg->getType().getNonReferenceType().getUnqualifiedType();
  if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl())
    return ApiCatalog::recordMatches(RD, "c10::Device", /*Derived=*/false);
  if (const auto *ET = T->getAs<EnumType>())
    return ET->getDecl()->getName() == "DeviceType";
  return false;
}

} // namespace

bool movesToHost(const ApiCatalog &Catalog, const Expr *Call) {
  llvm::StringRef Name = transferName(Catalog, Call);
  const Expr *Arg = nullptr;
  return Name == "cpu" || (Name == "to" && toDeviceArgument(Call, Arg) &&
                           namesDevice(Arg, "cpu"));
}

bool movesToDevice(const ApiCatalog &Catalog, const Expr *Call) {
  llvm::StringRef Name = transferName(Catalog, Call);
  const Expr *Arg = nullptr;
  return Name == "cuda" || (Name == "to" && toDeviceArgument(Call, Arg) &&
                            !namesDevice(Arg, "cpu"));
}

const Expr *deviceOrigin(const TUContext &TU, const FunctionFacts &F,
                         const Expr *E) {
  const ApiCatalog &Catalog = TU.catalog();
  const Expr *Found = nullptr;
  F.forEachOriginInBody(E, [&](const Stmt *S) {
    if (Found)
      return false;
    const auto *SubExpr = dyn_cast<Expr>(S);
    if (!SubExpr)
      return true;
    if (movesToHost(Catalog, SubExpr))
      return false;
    if (movesToDevice(Catalog, SubExpr)) {
      Found = SubExpr;
      return false;
    }
    // Flow-insensitive: a variable that is ever given a host copy may be
    // on the host where it is read.
    if (const ValueDecl *V = declOf(SubExpr))
      for (const Definition &D : F.definitionsOf(V))
        if (const auto *DE = dyn_cast<Expr>(D.Value)) {
          const auto *Assign = dyn_cast<CXXOperatorCallExpr>(stripped(DE));
          if (Assign && Assign->getOperator() == OO_Equal &&
              Assign->getNumArgs() == 2)
            DE = Assign->getArg(1);
          if (movesToHost(Catalog, DE))
            return false;
        }
    return true;
  });
  return Found;
}

bool isItemCall(const Expr *Call) {
  const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(Call);
  const CXXMethodDecl *MD = MC ? MC->getMethodDecl() : nullptr;
  return MD && MD->getDeclName().isIdentifier() && MD->getName() == "item" &&
         ApiCatalog::recordMatches(MD->getParent(), "at::TensorBase",
                                   /*Derived=*/true);
}

llvm::SmallVector<std::pair<const ParmVarDecl *, const Expr *>, 4>
helperArguments(const TUContext &TU, const Expr *Call) {
  llvm::SmallVector<std::pair<const ParmVarDecl *, const Expr *>, 4> Out;
  const FunctionDecl *FD = calleeOf(Call);
  const FunctionFacts *H = TU.factsOf(FD);
  if (!H)
    return Out;
  const FunctionDecl *Def = H->decl();
  llvm::SmallVector<const Expr *, 4> Args = argumentsOf(Call);
  for (unsigned I = 0; I < Args.size() && I < Def->getNumParams(); ++I)
    Out.push_back({Def->getParamDecl(I), Args[I]});
  return Out;
}

HelperEffect
helperItemCall(const TUContext &TU, const FunctionFacts &F, const Expr *Call,
               const LoopInfo &L,
               llvm::function_ref<bool(const Expr *, const FunctionFacts &,
                                       const ParmVarDecl *)>
                   Uses) {
  for (const auto &[Param, Arg] : helperArguments(TU, Call)) {
    if (classify(TU, F, Arg, L) != Granularity::PerItem)
      continue;
    const FunctionFacts *H = TU.factsOf(calleeOf(Call));
    for (const CallFact &Inner : H->calls())
      if (!Inner.Loop && Uses(Inner.Call, *H, Param))
        return {H, Inner.Call, Arg};
  }
  return {};
}

HelperEffect helperItemTransfer(const TUContext &TU, const FunctionFacts &F,
                                const Expr *Call, const LoopInfo &L) {
  return helperItemCall(
      TU, F, Call, L,
      [&](const Expr *Inner, const FunctionFacts &H, const ParmVarDecl *P) {
        // A device named in the helper (`.to(other)` follows another
        // tensor, which may be on the same device: no claim).
        const Expr *Tensor = receiverOf(Inner);
        return (movesToDevice(TU.catalog(), Inner) ||
                movesToHost(TU.catalog(), Inner)) &&
               Tensor && H.dependsOnParam(Tensor, P);
      });
}

bool underPeriodicCondition(const LoopInfo &L, const Expr *E) {
  // Whether `S` contains `E`, and whether a periodic `if` on the way does.
  std::function<bool(const Stmt *, bool, bool &)> Find =
      [&](const Stmt *S, bool Periodic, bool &Hit) -> bool {
    if (!S)
      return false;
    if (S == E) {
      Hit = Periodic;
      return true;
    }
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      bool Rem = anyUnder(If->getCond(), [](const Stmt *C) {
        const auto *BO = dyn_cast<BinaryOperator>(C);
        return BO && BO->getOpcode() == BO_Rem;
      });
      if (Find(If->getCond(), Periodic, Hit))
        return true;
      return Find(If->getThen(), Periodic || Rem, Hit) ||
             Find(If->getElse(), Periodic, Hit);
    }
    for (const Stmt *C : subStatements(S))
      if (Find(C, Periodic, Hit))
        return true;
    return false;
  };
  bool Hit = false;
  Find(loopBody(L), false, Hit);
  return Hit;
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
