//===- TUContext.cpp ------------------------------------------------------===//
#include "analyzer/TUContext.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"

#include <algorithm>

namespace hotpath {

TUHandler::~TUHandler() = default;

SourceLocation TUContext::location(clang::SourceLocation Loc) const {
  const clang::SourceManager &SM = Ctx.getSourceManager();
  Loc = SM.getExpansionLoc(Loc);
  SourceLocation Out;
  clang::PresumedLoc P = SM.getPresumedLoc(Loc, /*UseLineDirectives=*/false);
  if (P.isInvalid())
    return Out;
  std::string File = P.getFilename();
  if (const clang::FileEntry *FE = SM.getFileEntryForID(SM.getFileID(Loc)))
    if (!FE->tryGetRealPathName().empty())
      File = FE->tryGetRealPathName().str();
  Out.File = Scope.relativePath(File);
  Out.Line = P.getLine();
  Out.Column = P.getColumn();
  return Out;
}

std::string TUContext::functionName(const clang::FunctionDecl *FD) const {
  clang::PrintingPolicy Policy(Ctx.getLangOpts());
  Policy.SuppressTagKeyword = true;
  std::string Out = FD->getQualifiedNameAsString() + "(";
  for (unsigned I = 0; I < FD->getNumParams(); ++I) {
    if (I)
      Out += ", ";
    Out += FD->getParamDecl(I)->getType().getAsString(Policy);
  }
  Out += ")";
  if (const auto *MD = llvm::dyn_cast<clang::CXXMethodDecl>(FD))
    if (MD->isConst())
      Out += " const";
  return Out;
}

std::string TUContext::functionKey(const clang::FunctionDecl *FD) {
  llvm::SmallString<128> USR;
  if (clang::index::generateUSRForDecl(FD->getCanonicalDecl(), USR))
    return FD->getQualifiedNameAsString();
  return std::string(USR.str());
}

Finding TUContext::makeFinding(llvm::StringRef RuleId, Category Cat,
                               const clang::Expr *At, const LoopInfo &L,
                               const clang::FunctionDecl *FD) const {
  Finding F;
  F.RuleId = RuleId.str();
  F.Cat = Cat;
  F.Location = location(At->getBeginLoc());
  F.Loop = L.Lines;
  F.Call = {F.Location.Line,
            std::max(F.Location.Line, location(At->getEndLoc()).Line)};
  const clang::FunctionDecl *Callee = nullptr;
  if (const auto *CE = llvm::dyn_cast<clang::CallExpr>(At))
    Callee = CE->getDirectCallee();
  else if (const auto *CC = llvm::dyn_cast<clang::CXXConstructExpr>(At))
    Callee = CC->getConstructor();
  if (Callee) {
    F.Api = Callee->getQualifiedNameAsString();
    F.Operators = Catalog.operatorsOf(Callee);
  }
  F.Function = functionName(FD);
  return F;
}

} // namespace hotpath
