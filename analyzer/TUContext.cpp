//===- TUContext.cpp ------------------------------------------------------===//
#include "analyzer/TUContext.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"

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
                               clang::SourceLocation Loc, const LoopInfo &L,
                               const clang::FunctionDecl *FD) const {
  Finding F;
  F.RuleId = RuleId.str();
  F.Cat = Cat;
  F.Location = location(Loc);
  F.Loop = L.Lines;
  F.Function = functionName(FD);
  return F;
}

} // namespace hotpath
