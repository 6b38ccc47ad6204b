//===- CallGraphFacts.cpp -------------------------------------------------===//
#include "analyzer/CallGraphFacts.h"
#include "analyzer/ApiCatalog.h"
#include "analyzer/LoopFacts.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace hotpath {

namespace {

/// Why a call of `Callee` may give another result (or effect) each time,
/// or empty: a catalogued impure function, or a library function the
/// catalogs do not call pure (hotpath cannot see its body).
std::string impurityOfCall(const TUContext &TU, ProjectScope &Scope,
                           const FunctionDecl *Callee) {
  // A catalogued impure call that changes its own arguments (a stream
  // read: `in >> w`, getline) is already a write in the caller's facts;
  // inside a callee it reads what the callee opened. Only one that reads
  // state nobody passed it (a clock, a random source) makes it impure.
  bool ChangesArguments = false;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Callee))
    ChangesArguments |= !MD->isConst() && !MD->isStatic();
  for (const ParmVarDecl *P : Callee->parameters())
    if (const auto *Ref = P->getType()->getAs<ReferenceType>())
      ChangesArguments |= !Ref->getPointeeType().isConstQualified();
  if (TU.catalog().isImpure(Callee))
    return ChangesArguments ? ""
                            : "it calls '" + qualifiedName(Callee) +
                                  "', whose result changes between calls";
  if (Scope.isProjectLocation(TU.ast().getSourceManager(),
                              Callee->getCanonicalDecl()->getLocation()) ||
      TU.catalog().isPure(Callee))
    return "";
  return "it calls '" + qualifiedName(Callee) +
         "', which no catalog calls pure";
}

/// Why the function's result depends on state beyond its arguments and
/// receiver: a mutable global or static it reads, or a system file
/// (/proc, /sys, /dev) whose contents change on their own. Empty if none.
std::string stateRead(const FunctionFacts &FF) {
  struct Finder : RecursiveASTVisitor<Finder> {
    std::string Why;
    bool VisitDeclRefExpr(DeclRefExpr *E) {
      const auto *V = dyn_cast<VarDecl>(E->getDecl());
      if (Why.empty() && V && V->hasGlobalStorage() && !V->isConstexpr() &&
          !V->getType().isConstQualified() && !V->getType()->isReferenceType())
        Why = "it reads the " +
              std::string(V->isStaticLocal() ? "static" : "global") + " '" +
              V->getNameAsString() + "'";
      return true;
    }
    bool VisitStringLiteral(StringLiteral *S) {
      if (Why.empty() && S->getCharByteWidth() == 1) {
        llvm::StringRef Text = S->getString();
        if (Text.startswith("/proc/") || Text.startswith("/sys/") ||
            Text.startswith("/dev/"))
          Why = "it reads '" + Text.str() + "', which changes on its own";
      }
      return true;
    }
  } Find;
  Find.TraverseStmt(const_cast<Stmt *>(FF.decl()->getBody()));
  return Find.Why;
}

} // namespace

FunctionNode callGraphNode(const TUContext &TU, const FunctionFacts &FF,
                           ProjectScope &Scope) {
  const SourceManager &SM = TU.ast().getSourceManager();
  const ApiCatalog &Catalog = TU.catalog();
  FunctionNode Node;
  Node.Key = TUContext::functionKey(FF.decl());
  Node.Name = TU.functionName(FF.decl());
  Node.Location = TU.location(FF.decl()->getLocation());
  if (const LoopInfo *L = FF.growingLoop()) {
    Node.HasLoop = true;
    Node.LoopAt = TU.location(L->Statement->getBeginLoc()).File + ":" +
                  std::to_string(L->Lines.Begin);
  }
  Node.Impurity = stateRead(FF);
  llvm::SmallPtrSet<const Expr *, 8> Console = FF.consoleOnlyCalls();
  for (const CallFact &C : FF.calls()) {
    const FunctionDecl *Callee = calleeOf(C.Call);
    if (!Callee)
      continue;
    if (Catalog.isExpensive(Callee) && !Node.CallsExpensiveApi) {
      Node.CallsExpensiveApi = true;
      Node.ExpensiveApi = qualifiedName(Callee);
    }
    if (Node.Impurity.empty())
      Node.Impurity = impurityOfCall(TU, Scope, Callee);
    CallSite Site;
    Site.Callee = TUContext::functionKey(Callee);
    Site.CalleeName = Callee->getQualifiedNameAsString();
    Site.Line = SM.getExpansionLineNumber(C.Call->getBeginLoc());
    Site.LoopBegin = C.Loop ? C.Loop->Lines.Begin : 0;
    Site.GradGuarded = gradGuardInScope(FF, Catalog, C.Call);
    Site.Diagnostic = Console.count(C.Call) > 0;
    Node.Calls.push_back(std::move(Site));
  }
  return Node;
}

} // namespace hotpath
