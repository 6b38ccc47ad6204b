//===- TUContext.h - What rules see of one translation unit ---------------===//
#ifndef HOTPATH_ANALYZER_TUCONTEXT_H
#define HOTPATH_ANALYZER_TUCONTEXT_H

#include "analyzer/ApiCatalog.h"
#include "analyzer/LoopFacts.h"
#include "analyzer/ProjectScope.h"
#include "model/Finding.h"
#include "model/FindingsSink.h"

#include "llvm/ADT/DenseMap.h"

#include <memory>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
}

namespace hotpath {

/// One parsed translation unit: its AST and the facts of every project
/// function body in it.
class TUContext {
public:
  TUContext(clang::ASTContext &Ctx, ProjectScope &Scope,
            const ApiCatalog &Catalog,
            std::vector<std::unique_ptr<FunctionFacts>> Functions);

  clang::ASTContext &ast() const { return Ctx; }
  const ApiCatalog &catalog() const { return Catalog; }
  const std::vector<std::unique_ptr<FunctionFacts>> &functions() const {
    return Functions;
  }
  /// The facts of the project function `FD`'s body, when this TU analysed
  /// it (a helper defined in the file or in a header it includes); null for
  /// library code and functions defined elsewhere.
  const FunctionFacts *factsOf(const clang::FunctionDecl *FD) const;

  /// Project-relative position of a Clang location (its expansion).
  SourceLocation location(clang::SourceLocation Loc) const;
  /// The text of the source line of a location (its expansion), without the
  /// line break.
  std::string lineText(clang::SourceLocation Loc) const;
  /// Qualified name and signature: "svc::embed(const at::Tensor &)".
  std::string functionName(const clang::FunctionDecl *FD) const;
  /// Stable cross-TU identity of a function (its USR).
  static std::string functionKey(const clang::FunctionDecl *FD);
  /// A finding at the call or expression `At` about loop `L` in function
  /// `FD`; the caller fills in message and fix.
  Finding makeFinding(llvm::StringRef RuleId, Category Cat,
                      const clang::Expr *At, const LoopInfo &L,
                      const clang::FunctionDecl *FD) const;

private:
  clang::ASTContext &Ctx;
  ProjectScope &Scope;
  const ApiCatalog &Catalog;
  std::vector<std::unique_ptr<FunctionFacts>> Functions;
  /// By canonical declaration.
  llvm::DenseMap<const clang::FunctionDecl *, const FunctionFacts *> ByDecl;
};

/// The function a call or constructor expression calls, if known.
const clang::FunctionDecl *calleeOf(const clang::Expr *Call);

/// A variable of an autograd guard type (catalog `grad_guards`) is declared
/// before `Call` in a block of `F` that encloses it.
bool gradGuardInScope(const FunctionFacts &F, const ApiCatalog &Catalog,
                      const clang::Expr *Call);

/// Runs the rules on one translation unit. Implementations must be safe to
/// call from several threads at once (one TU per thread).
class TUHandler {
public:
  virtual ~TUHandler();
  /// Reports the findings of one TU into `Sink`.
  virtual void handle(const TUContext &TU, FindingsSink &Sink) const = 0;
};

} // namespace hotpath

#endif
