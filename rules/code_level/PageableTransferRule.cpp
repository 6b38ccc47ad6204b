//===- PageableTransferRule.cpp -------------------------------------------===//
#include "rules/code_level/PageableTransferRule.h"
#include "analyzer/ApiCatalog.h"
#include "rules/RuleUtils.h"

#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace hotpath {

namespace {

bool isTrueLiteral(const Expr *E) {
  const auto *B = dyn_cast_or_null<CXXBoolLiteralExpr>(stripped(E));
  return B && B->getValue();
}

/// The tensor was pinned: `.pin_memory()` in the receiver's chain, or in
/// the initializer of the variable it names.
bool pinned(const Expr *E) {
  for (E = stripped(E); E; E = stripped(E)) {
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *MD = Call->getMethodDecl();
      if (MD && MD->getDeclName().isIdentifier() &&
          MD->getName() == "pin_memory")
        return true;
      E = Call->getImplicitObjectArgument();
      continue;
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
      if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
        if (Var->getInit() && stripped(Var->getInit()) != Ref)
          return pinned(Var->getInit());
    return false;
  }
  return false;
}

} // namespace

PageableTransferRule::PageableTransferRule()
    : Rule("code-level-pageable-transfer", Category::CodeLevel) {}

llvm::StringRef PageableTransferRule::summary() const {
  return "a host-to-device copy in a loop reads pageable memory without "
         "pin_memory() or non_blocking; pin the source";
}

void PageableTransferRule::check(const TUContext &TU, const FunctionFacts &F,
                                 FindingsSink &Sink) const {
  for (const CallFact &C : F.calls()) {
    const auto *Call = dyn_cast<CXXMemberCallExpr>(C.Call);
    const CXXMethodDecl *MD = Call ? Call->getMethodDecl() : nullptr;
    if (!C.Loop || !MD || !TU.catalog().isTransfer(MD) ||
        !MD->getDeclName().isIdentifier())
      continue;
    bool ToCuda = MD->getName() == "cuda" ||
                  (MD->getName() == "to" && Call->getNumArgs() > 0 &&
                   namesDevice(Call->getArg(0), "cuda"));
    if (!ToCuda)
      continue;
    bool NonBlocking = false;
    for (unsigned I = 0; I < Call->getNumArgs(); ++I)
      NonBlocking |= isTrueLiteral(Call->getArg(I));
    if (NonBlocking || pinned(Call->getImplicitObjectArgument()))
      continue;
    Finding Out = makeFinding(TU, F, C.Call, *C.Loop);
    Out.Message = "'" + sourceText(TU, C.Call) +
                  "' copies pageable host memory to the GPU on every "
                  "iteration of the " +
                  loopPhrase(*C.Loop) +
                  "; pin the source and copy with non_blocking";
    Out.FixHint = "allocate the host tensor in pinned memory "
                  "(.pin_memory(), or pin_memory(true) in the DataLoader "
                  "options) and pass non_blocking=true to to()";
    Sink.report(std::move(Out));
  }
}

} // namespace hotpath
