//===- QuadraticStringBuildRule.cpp ---------------------------------------===//
#include "rules/algorithmic/QuadraticStringBuildRule.h"
#include "analyzer/ApiCatalog.h"
#include "rules/RuleUtils.h"

#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace hotpath {

namespace {

/// `E` without implicit nodes, copies and moves (`std::move(s)`,
/// `std::string(s)`).
const Expr *strip(const Expr *E) {
  while (E) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      if (Construct->getNumArgs() == 1 &&
          Construct->getConstructor()->isCopyOrMoveConstructor()) {
        E = Construct->getArg(0);
        continue;
      }
    } else if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E)) {
      E = Cast->getSubExpr();
      continue;
    } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *FD = Call->getDirectCallee();
      if (FD && Call->getNumArgs() == 1 && FD->isInStdNamespace() &&
          FD->getName() == "move") {
        E = Call->getArg(0);
        continue;
      }
    }
    return E;
  }
  return E;
}

/// The variable or field an expression names (`s`, `this->s`), or null.
const ValueDecl *named(const Expr *E) {
  E = strip(E);
  if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E))
    return Ref->getDecl();
  if (const auto *Member = dyn_cast_or_null<MemberExpr>(E))
    if (isa<CXXThisExpr>(Member->getBase()->IgnoreImpCasts()))
      return Member->getMemberDecl();
  return nullptr;
}

/// The operands of a chain of `+` (`a + b + c` -> a, b, c).
void plusOperands(const Expr *E, llvm::SmallVectorImpl<const Expr *> &Out) {
  E = strip(E);
  if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(E))
    if (Op->getOperator() == OO_Plus && Op->getNumArgs() == 2) {
      plusOperands(Op->getArg(0), Out);
      plusOperands(Op->getArg(1), Out);
      return;
    }
  Out.push_back(E);
}

} // namespace

QuadraticStringBuildRule::QuadraticStringBuildRule()
    : Rule("algorithmic-quadratic-string-build", Category::Algorithmic) {}

llvm::StringRef QuadraticStringBuildRule::summary() const {
  return "a string is rebuilt from itself in a loop (s = s + x): every "
         "iteration copies it, quadratic in the loop; append in place";
}

void QuadraticStringBuildRule::check(const TUContext &TU,
                                     const FunctionFacts &F,
                                     FindingsSink &Sink) const {
  for (const CallFact &C : F.calls()) {
    const auto *Assign = dyn_cast<CXXOperatorCallExpr>(C.Call);
    if (!C.Loop || !Assign || Assign->getOperator() != OO_Equal ||
        Assign->getNumArgs() != 2 ||
        !typeIs(Assign->getArg(0)->getType(), "std::basic_string", false))
      continue;
    const ValueDecl *Target = named(Assign->getArg(0));
    // A string declared in the iteration starts afresh each time.
    if (!Target || C.Loop->Local.count(Target))
      continue;
    llvm::SmallVector<const Expr *, 4> Operands;
    plusOperands(Assign->getArg(1), Operands);
    if (Operands.size() < 2)
      continue;
    size_t At = Operands.size();
    for (size_t I = 0; I < Operands.size() && At == Operands.size(); ++I)
      if (named(Operands[I]) == Target)
        At = I;
    if (At == Operands.size())
      continue;
    std::string Name = Target->getNameAsString();
    bool Appends = At == 0;
    Finding Out = makeFinding(TU, F, C.Call, *C.Loop);
    Out.Message = "'" + sourceText(TU, C.Call) + "' copies the whole string '" +
                  Name + "' on every iteration of the " + loopPhrase(*C.Loop) +
                  ": quadratic in the string's length; " +
                  (Appends ? "append in place" : "build it in order");
    Out.FixHint =
        Appends ? "append in place: '" + Name + " += …' (or " + Name +
                      ".append), with " + Name +
                      ".reserve(final size) before the loop"
                : "append the parts in order and reverse once after the loop, "
                  "or collect them and join once";
    Sink.report(std::move(Out));
  }
}

} // namespace hotpath
