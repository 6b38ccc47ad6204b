//===- LoopInvariantTransferRulePython.cpp - w.to(device) of a constant ---===//
#include "rules/PyRuleUtils.h"
#include "rules/caching/LoopInvariantTransferRule.h"

namespace hotpath {

using namespace py;

namespace {

/// Whether loop `L` changes the tensor `Text` names in place: an in-place
/// method (`w.add_(…)`, `w.copy_(…)`), an item or augmented assignment,
/// or a rebinding of an attribute (`self.w = …`).
bool changedIn(const Loop &L, llvm::StringRef Text) {
  bool Changed = false;
  walk(L.Body, [&](Node N) {
    if (Changed || isScope(N.type()))
      return false;
    Node Fn = N.field("function");
    if (N.is("call") && Fn.is("attribute") &&
        Fn.field("attribute").text().endswith("_") &&
        Fn.field("object").text() == Text)
      Changed = true;
    if (N.is("assignment") || N.is("augmented_assignment")) {
      Node Left = N.field("left");
      if (Left.text() == Text ||
          (Left.is("subscript") && Left.field("value").text() == Text))
        Changed = true;
    }
    return true;
  });
  return Changed;
}

} // namespace

void LoopInvariantTransferRule::checkPython(const PyContext &Ctx,
                                            const Function &F,
                                            FindingsSink &Sink) const {
  const ModuleFacts &M = Ctx.facts();
  for (Node Call : callsIn(F)) {
    Node Moved = deviceTransfer(M, F, Call);
    // A tensor the code shows, named (no call: `torch.randn(3)` is new on
    // every iteration).
    if (!Moved || (!Moved.is("identifier") && !Moved.is("attribute")) ||
        M.kindOf(Moved, F) != Kind::Tensor)
      continue;
    const Loop *L = enclosingLoop(M, F, Call);
    // A comprehension's copies are distinct elements of its result.
    if (!L || L->Comprehension || ModuleFacts::onErrorPath(Call, *L) ||
        leavesLoop(Call, *L))
      continue;
    if (ModuleFacts::reads(Call, L->Written) || changedIn(*L, Moved.text()) ||
        ownedByIteration(*L, Call))
      continue;
    Finding Out = makeFinding(Ctx, Call, F, L);
    Out.Api = M.callee(Call);
    Out.Message = "device transfer '" + PyContext::snippet(Call) +
                  "' copies the same tensor on every iteration of the " +
                  PyContext::loopPhrase(*L) + "; hoist it";
    Out.FixHint = "move the transfer before the loop at line " +
                  std::to_string(L->At.line()) + " and reuse the device tensor";
    Sink.report(std::move(Out));
  }
}

} // namespace hotpath
