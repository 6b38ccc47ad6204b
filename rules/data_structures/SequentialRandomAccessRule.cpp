//===- SequentialRandomAccessRule.cpp -------------------------------------===//
#include "rules/data_structures/SequentialRandomAccessRule.h"
#include "analyzer/ApiCatalog.h"
#include "rules/RuleUtils.h"

#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace hotpath {

namespace {

/// `l` for `l.begin()` / `l.cbegin()` of a std::list, else null.
const Expr *listOfBegin(const Expr *E) {
  const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(stripped(E));
  const CXXMethodDecl *MD = Call ? Call->getMethodDecl() : nullptr;
  if (!MD || !MD->getDeclName().isIdentifier() ||
      (MD->getName() != "begin" && MD->getName() != "cbegin"))
    return nullptr;
  const Expr *Obj = Call->getImplicitObjectArgument();
  return typeIs(Obj->getType(), "std::list", false) ||
                 typeIs(Obj->getType(), "std::forward_list", false)
             ? Obj
             : nullptr;
}

} // namespace

SequentialRandomAccessRule::SequentialRandomAccessRule()
    : Rule("data-structures-random-access", Category::DataStructures) {}

llvm::StringRef SequentialRandomAccessRule::summary() const {
  return "a std::list is walked to its i-th node, or a std::deque indexed, "
         "on every iteration; use a vector or iterate";
}

void SequentialRandomAccessRule::check(const TUContext &TU,
                                       const FunctionFacts &F,
                                       FindingsSink &Sink) const {
  for (const CallFact &C : F.calls()) {
    if (!C.Loop)
      continue;
    const Expr *Container = nullptr;
    const Expr *Index = nullptr;
    bool List = false;
    if (const auto *Call = dyn_cast<CallExpr>(C.Call)) {
      const FunctionDecl *FD = Call->getDirectCallee();
      // std::next(l.begin(), i), std::advance(it, i) from l.begin().
      if (FD && FD->isInStdNamespace() && FD->getDeclName().isIdentifier() &&
          Call->getNumArgs() == 2 &&
          (FD->getName() == "next" || FD->getName() == "advance")) {
        const Expr *Start = Call->getArg(0);
        if (const auto *Ref = dyn_cast<DeclRefExpr>(stripped(Start)))
          if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
            if (Var->getInit())
              Start = Var->getInit();
        Container = listOfBegin(Start);
        Index = Call->getArg(1);
        List = true;
      }
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(C.Call)) {
      if (Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2 &&
          typeIs(Op->getArg(0)->getType(), "std::deque", false)) {
        Container = Op->getArg(0);
        Index = Op->getArg(1);
      }
    } else if (const auto *Member = dyn_cast<CXXMemberCallExpr>(C.Call)) {
      const CXXMethodDecl *MD = Member->getMethodDecl();
      if (MD && MD->getDeclName().isIdentifier() && MD->getName() == "at" &&
          Member->getNumArgs() == 1 &&
          typeIs(Member->getObjectType(), "std::deque", false)) {
        Container = Member->getImplicitObjectArgument();
        Index = Member->getArg(0);
      }
    }
    if (!Container || !Index || !F.isVariant(Index, *C.Loop))
      continue;
    std::string Name = sourceText(TU, Container);
    Finding Out = makeFinding(TU, F, C.Call, *C.Loop);
    if (List) {
      Out.Message = "'" + sourceText(TU, C.Call) + "' walks the list '" + Name +
                    "' from its start on every iteration of the " +
                    loopPhrase(*C.Loop) + ": quadratic in its length";
      Out.FixHint = "iterate the list with one iterator that advances with "
                    "the loop, or store the elements in a std::vector";
    } else {
      Out.Message = "'" + sourceText(TU, C.Call) + "' indexes the deque '" +
                    Name + "' on every iteration of the " +
                    loopPhrase(*C.Loop) + ": two indirections per element";
      Out.FixHint = "use a std::vector when elements are only added at the "
                    "back, or iterate the deque instead of indexing it";
    }
    Sink.report(std::move(Out));
  }
}

} // namespace hotpath
