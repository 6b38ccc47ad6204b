//===- PerItemTransferRulePython.cpp - x.to(device) once per item ---------===//
#include "rules/PyRuleUtils.h"
#include "rules/batching/PerItemTransferRule.h"

namespace hotpath {

using namespace py;

void PerItemTransferRule::checkPython(const PyContext &Ctx, const Function &F,
                                      FindingsSink &Sink) const {
  const ModuleFacts &M = Ctx.facts();
  for (Node Call : callsIn(F)) {
    Node Moved = deviceTransfer(M, F, Call);
    const Loop *L = Moved ? enclosingLoop(M, F, Call) : nullptr;
    if (!L || L->Batches || ModuleFacts::onErrorPath(Call, *L) ||
        leavesLoop(Call, *L))
      continue;
    // The element itself is one item when the loop walks the rows of a
    // tensor or an array; a list's element may be a whole batch.
    Kind Over = L->Iterable ? M.kindOf(L->Iterable, F) : Kind::Unknown;
    bool Rows = Over == Kind::Tensor || Over == Kind::Array;
    std::string Why = itemShape(M, F, *L, Moved, Rows);
    if (Why.empty())
      continue;
    Finding Out = makeFinding(Ctx, Call, F, L);
    Out.Api = M.callee(Call);
    Out.Message = "device transfer '" + PyContext::snippet(Call) +
                  "' moves one item per iteration of the " +
                  PyContext::loopPhrase(*L) + " (" + Why +
                  "); transfer the batch once";
    Out.FixHint = "stack the items (torch.stack) and move the whole tensor "
                  "with one .to() before the loop (or move the results back "
                  "once after it)";
    Sink.report(std::move(Out));
  }
}

} // namespace hotpath
