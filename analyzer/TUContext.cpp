//===- TUContext.cpp ------------------------------------------------------===//
#include "analyzer/TUContext.h"
#include "analyzer/ApiCatalog.h"
#include "analyzer/LoopFacts.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"

#include <algorithm>

namespace hotpath {

TUHandler::~TUHandler() = default;

TUContext::TUContext(clang::ASTContext &Ctx, ProjectScope &Scope,
                     const ApiCatalog &Catalog,
                     std::vector<std::unique_ptr<FunctionFacts>> Functions)
    : Ctx(Ctx), Scope(Scope), Catalog(Catalog),
      Functions(std::move(Functions)) {
  for (const auto &F : this->Functions)
    ByDecl.try_emplace(F->decl()->getCanonicalDecl(), F.get());
}

const FunctionFacts *TUContext::factsOf(const clang::FunctionDecl *FD) const {
  if (!FD)
    return nullptr;
  auto It = ByDecl.find(FD->getCanonicalDecl());
  return It == ByDecl.end() ? nullptr : It->second;
}

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

std::string TUContext::lineText(clang::SourceLocation Loc) const {
  const clang::SourceManager &SM = Ctx.getSourceManager();
  Loc = SM.getExpansionLoc(Loc);
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(SM.getFileID(Loc), &Invalid);
  if (Invalid)
    return "";
  unsigned Offset = SM.getFileOffset(Loc);
  size_t Begin = Buffer.rfind('\n', Offset == 0 ? 0 : Offset - 1);
  Begin = Begin == llvm::StringRef::npos || Offset == 0 ? 0 : Begin + 1;
  size_t End = Buffer.find('\n', Offset);
  return Buffer.slice(Begin, End).str();
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
  if (const clang::FunctionDecl *Callee = calleeOf(At)) {
    F.Api = Callee->getQualifiedNameAsString();
    F.Operators = Catalog.operatorsOf(Callee);
  }
  F.Function = functionName(FD);
  F.LineHash = lineHash(lineText(At->getBeginLoc()));
  for (const LoopInfo *Loop = &L; Loop && !F.Diagnostic; Loop = Loop->Parent)
    F.Diagnostic = printsEveryIteration(Loop->Statement);
  return F;
}

const clang::FunctionDecl *calleeOf(const clang::Expr *Call) {
  if (const auto *CE = llvm::dyn_cast<clang::CallExpr>(Call))
    return CE->getDirectCallee();
  if (const auto *CC = llvm::dyn_cast<clang::CXXConstructExpr>(Call))
    return CC->getConstructor();
  return nullptr;
}

bool gradGuardInScope(const FunctionFacts &F, const ApiCatalog &Catalog,
                      const clang::Expr *Call) {
  const clang::Stmt *Body = F.decl()->getBody();
  if (!Body)
    return false;
  const clang::SourceManager &SM = F.decl()->getASTContext().getSourceManager();
  clang::SourceLocation At = Call->getBeginLoc();
  // Walk down the blocks that contain the call; a guard declared in one of
  // them before the call is in scope.
  for (const clang::Stmt *S = Body; S;) {
    const auto *Block = llvm::dyn_cast<clang::CompoundStmt>(S);
    const clang::Stmt *Next = nullptr;
    auto Contains = [&](const clang::Stmt *X) {
      return X && !SM.isBeforeInTranslationUnit(At, X->getBeginLoc()) &&
             !SM.isBeforeInTranslationUnit(X->getEndLoc(), At);
    };
    if (Block) {
      for (const clang::Stmt *Child : Block->body()) {
        if (Contains(Child)) {
          Next = Child;
          break;
        }
        if (!SM.isBeforeInTranslationUnit(Child->getBeginLoc(), At))
          break;
        if (const auto *DS = llvm::dyn_cast<clang::DeclStmt>(Child))
          for (const clang::Decl *D : DS->decls())
            if (const auto *V = llvm::dyn_cast<clang::VarDecl>(D))
              if (const auto *RD = V->getType()->getAsCXXRecordDecl())
                for (const std::string &G : Catalog.GradGuards)
                  if (ApiCatalog::recordMatches(RD, G, /*Derived=*/true))
                    return true;
      }
    } else {
      for (const clang::Stmt *Child : subStatements(S))
        if (Contains(Child)) {
          Next = Child;
          break;
        }
    }
    if (Next == S)
      break;
    S = Next;
  }
  return false;
}

} // namespace hotpath
