//===- RangeForCopyRule.cpp -----------------------------------------------===//
#include "rules/micro/RangeForCopyRule.h"
#include "analyzer/ApiCatalog.h"
#include "rules/RuleUtils.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace hotpath {

RangeForCopyRule::RangeForCopyRule()
    : Rule("micro-range-for-copy", Category::Micro) {}

llvm::StringRef RangeForCopyRule::summary() const {
  return "a range-for copies every element and never modifies the copy; "
         "iterate by const reference";
}

namespace {

/// Copying the record costs at most reference-count increments: a handle
/// (at::Tensor, c10::intrusive_ptr, std::shared_ptr) or an aggregate of
/// handles and trivially copyable members (torch::data::Example<>). No
/// allocation, no deep copy: binding a reference saves next to nothing.
bool isHandleLike(const CXXRecordDecl *RD, const ASTContext &Ctx,
                  unsigned Depth = 0) {
  if (!RD || !RD->hasDefinition() || Depth > 4)
    return false;
  for (const char *Handle :
       {"at::TensorBase", "c10::intrusive_ptr", "std::shared_ptr",
        "c10::weak_intrusive_ptr", "std::weak_ptr"})
    if (ApiCatalog::recordMatches(RD, Handle, /*Derived=*/true))
      return true;
  // A class of handles whose copy is the memberwise one (no user-provided
  // copy constructor): torch::data::Example<> has constructors, but copying
  // it copies two tensors.
  for (const CXXConstructorDecl *Ctor : RD->ctors())
    if (Ctor->isCopyConstructor() && Ctor->isUserProvided())
      return false;
  if (RD->hasUserDeclaredDestructor() && !RD->getDestructor()->isDefaulted())
    return false;
  for (const FieldDecl *Field : RD->fields()) {
    QualType FT = Field->getType();
    if (FT.isTriviallyCopyableType(Ctx))
      continue;
    if (!isHandleLike(FT->getAsCXXRecordDecl(), Ctx, Depth + 1))
      return false;
  }
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (!isHandleLike(Base.getType()->getAsCXXRecordDecl(), Ctx, Depth + 1))
      return false;
  return true;
}

/// The edits that make the loop variable a const reference: `const ` before
/// its type (unless it is const already) and `&` before its name. Empty in
/// a macro or when the two positions are not in one file.
std::vector<Replacement> referenceFixIt(const TUContext &TU,
                                        const VarDecl *Var) {
  const SourceManager &SM = TU.ast().getSourceManager();
  clang::SourceLocation TypeAt = Var->getTypeSpecStartLoc();
  clang::SourceLocation NameAt = Var->getLocation();
  if (TypeAt.isInvalid() || TypeAt.isMacroID() || NameAt.isMacroID() ||
      SM.getFileID(TypeAt) != SM.getFileID(NameAt))
    return {};
  FileID File = SM.getFileID(NameAt);
  const FileEntry *FE = SM.getFileEntryForID(File);
  if (!FE || FE->tryGetRealPathName().empty())
    return {};
  auto Insert = [&](clang::SourceLocation At, std::string Text) {
    unsigned Offset = SM.getFileOffset(At);
    Replacement R{FE->tryGetRealPathName().str(), Offset, 0, std::move(Text)};
    R.Line = R.EndLine = SM.getLineNumber(File, Offset);
    R.Column = R.EndColumn = SM.getColumnNumber(File, Offset);
    return R;
  };
  std::vector<Replacement> Out;
  if (!Var->getType().isConstQualified())
    Out.push_back(Insert(TypeAt, "const "));
  Out.push_back(Insert(NameAt, "&"));
  return Out;
}

} // namespace

void RangeForCopyRule::check(const TUContext &TU, const FunctionFacts &F,
                             FindingsSink &Sink) const {
  for (const auto &L : F.loops()) {
    const auto *RangeFor = dyn_cast<CXXForRangeStmt>(L->Statement);
    if (!RangeFor)
      continue;
    const VarDecl *Var = RangeFor->getLoopVariable();
    QualType T = Var->getType();
    if (T->isReferenceType() || Var->isImplicit())
      continue;
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
    // Trivially copyable elements (numbers, small structs) copy for free;
    // so do types whose copy constructor and destructor are trivial
    // (std::pair<int64_t, int64_t>: only its assignment is user-provided),
    // as clang-tidy's performance-for-range-copy decides.
    if (!RD || !RD->hasDefinition() || T.isTriviallyCopyableType(TU.ast()) ||
        (RD->hasTrivialCopyConstructor() && RD->hasTrivialDestructor()) ||
        isHandleLike(RD, TU.ast()))
      continue;
    // A copy the body modifies is needed (or at least intended).
    if (L->Written.count(Var))
      continue;
    const Expr *Init = Var->getInit();
    if (!Init)
      continue;
    // The element is a temporary of the range (a proxy, a generator's
    // value): binding a reference would not avoid a copy.
    if (const auto *Construct =
            dyn_cast<CXXConstructExpr>(Init->IgnoreImplicit()))
      if (Construct->getConstructor()->isMoveConstructor())
        continue;
    Finding Out = makeFinding(TU, F, Init, *L);
    // The finding points at the loop variable's declaration.
    Out.Location = TU.location(Var->getLocation());
    Out.Call = {Out.Location.Line, Out.Location.Line};
    Out.Message = "the range-for loop at line " +
                  std::to_string(L->Lines.Begin) + " copies every '" +
                  T.getUnqualifiedType().getAsString(
                      PrintingPolicy(TU.ast().getLangOpts())) +
                  "' into '" + Var->getNameAsString() +
                  "' and never modifies it; iterate by const reference";
    Out.FixHint = "declare the loop variable as 'const auto &" +
                  Var->getNameAsString() + "'";
    Out.FixIts = referenceFixIt(TU, Var);
    Sink.report(std::move(Out));
  }
}

} // namespace hotpath
