//===- QuadraticStringBuildRulePython.cpp - s += … on a str in a loop -----===//
#include "rules/PyRuleUtils.h"
#include "rules/algorithmic/QuadraticStringBuildRule.h"

namespace hotpath {

using namespace py;

namespace {

/// Whether loop `L` rebinds `Name` from scratch (`s = ""` in the body): the
/// string then lives for one iteration.
bool resetInLoop(const Loop &L, const std::string &Name) {
  return llvm::any_of(assignmentsTo(L.Body, Name), [&](Node A) {
    return !ModuleFacts::reads(A.field("right"), std::set<std::string>{Name});
  });
}

} // namespace

void QuadraticStringBuildRule::checkPython(const PyContext &Ctx,
                                           const Function &F,
                                           FindingsSink &Sink) const {
  const ModuleFacts &M = Ctx.facts();
  walkOwnCode(F, [&](Node N) {
    Node Target;
    if (N.is("augmented_assignment") &&
        llvm::is_contained(N.tokens(), llvm::StringRef("+=")))
      Target = N.field("left");
    else if (N.is("assignment") && N.field("right").is("binary_operator") &&
             N.field("right").field("left").text() == N.field("left").text() &&
             llvm::is_contained(N.field("right").tokens(),
                                llvm::StringRef("+")))
      Target = N.field("left");
    if (!Target.is("identifier"))
      return true;
    std::string Name = Target.text().str();
    const Loop *L = enclosingLoop(M, F, N);
    if (!L || L->Comprehension || M.kindOf(Target, F) != Kind::Str ||
        resetInLoop(*L, Name) || leavesLoop(N, *L))
      return true;
    Finding Out = makeFinding(Ctx, N, F, L);
    Out.Message = "'" + PyContext::snippet(N) + "' copies the whole string '" +
                  Name + "' on every iteration of the " +
                  PyContext::loopPhrase(*L) +
                  ": quadratic in the string's length; collect the parts";
    Out.FixHint = "append the parts to a list in the loop and build the "
                  "string once after it with ''.join(parts) (or write them "
                  "to an io.StringIO); CPython sometimes extends a string "
                  "nothing else references in place, which hides the copies "
                  "in some runs, but the join is linear on every interpreter";
    Sink.report(std::move(Out));
    return true;
  });
}

} // namespace hotpath
