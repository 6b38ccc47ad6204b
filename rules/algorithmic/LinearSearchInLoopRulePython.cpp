//===- LinearSearchInLoopRulePython.cpp - `x in some_list` in a loop ------===//
#include "rules/PyRuleUtils.h"
#include "rules/algorithmic/LinearSearchInLoopRule.h"

namespace hotpath {

using namespace py;

namespace {

/// A list or tuple literal of at most `Max` constant elements.
bool tinyLiteral(Node E, unsigned Max) {
  if (!E.is("list") && !E.is("tuple"))
    return false;
  std::vector<Node> Items = E.namedChildren();
  if (Items.size() > Max)
    return false;
  return llvm::all_of(Items, [](Node I) {
    // Constants, or names of fixed values (`torch.float`, `Mode.TRAIN`).
    return I.is("string") || I.is("integer") || I.is("float") || I.is("true") ||
           I.is("false") || I.is("none") || I.is("concatenated_string") ||
           I.is("identifier") || I.is("attribute");
  });
}

} // namespace

void LinearSearchInLoopRule::checkPython(const PyContext &Ctx,
                                         const Function &F,
                                         FindingsSink &Sink) const {
  const ModuleFacts &M = Ctx.facts();
  walkOwnCode(F, [&](Node N) {
    Node Container, At = N;
    std::string How;
    if (N.is("comparison_operator")) {
      std::vector<llvm::StringRef> Ops = N.tokens();
      if (Ops.size() == 1 && (Ops[0] == "in" || Ops[0] == "not in") &&
          N.namedChildCount() == 2) {
        Container = N.namedChild(1);
        How = "'" + Ops[0].str() + "'";
      }
    } else if (N.is("call") && N.field("function").is("attribute")) {
      llvm::StringRef Method = N.field("function").field("attribute").text();
      if (Method == "index" || Method == "count") {
        Container = N.field("function").field("object");
        How = "'." + Method.str() + "()'";
      }
    }
    if (!Container.is("identifier") && !Container.is("attribute"))
      return true;
    const Loop *L = enclosingLoop(M, F, N);
    Kind K = M.kindOf(Container, F);
    if (!L || (K != Kind::List && K != Kind::Tuple) ||
        ModuleFacts::onErrorPath(N, *L) || leavesLoop(N, *L))
      return true;
    // A list the iteration builds is scanned once: no repeated scan.
    if (Container.is("identifier") && assignedIn(*L, Container.text().str()))
      return true;
    if (Container.is("identifier"))
      if (Node Value = onlyBinding(F, Container.text().str());
          Value && tinyLiteral(Value, MaxTinySize) &&
          !mutated(F, Container.text().str()))
        return true;
    std::string Name = Container.text().str();
    Finding Out = makeFinding(Ctx, At, F, L);
    Out.Message = How + " scans the list '" + Name +
                  "' on every iteration of "
                  "the " +
                  PyContext::loopPhrase(*L) + ": a linear search per item";
    Out.FixHint = "build a set (or a dict from value to index) of '" + Name +
                  "' once before the loop and look items up in it";
    Sink.report(std::move(Out));
    return true;
  });
}

} // namespace hotpath
