//===- PageableTransferRulePython.cpp - batches uploaded from pageable RAM ===//
#include "rules/PyRuleUtils.h"
#include "rules/code_level/PageableTransferRule.h"

namespace hotpath {

using namespace py;

namespace {

/// Whether a keyword argument is the literal True.
bool isTrue(Node V) { return V.is("true"); }

} // namespace

void PageableTransferRule::checkPython(const PyContext &Ctx, const Function &F,
                                       FindingsSink &Sink) const {
  const ModuleFacts &M = Ctx.facts();
  for (Node Call : callsIn(F)) {
    Node Moved = deviceTransfer(M, F, Call);
    int I = Moved ? M.loopOf(F, Call) : -1;
    if (I < 0)
      continue;
    const Loop &L = F.Loops[I];
    // A batch of a DataLoader the code builds, moved as it comes.
    Node Loader = loaderOf(M, F, L);
    if (!Loader || !ModuleFacts::reads(Moved, L.Elements) ||
        ModuleFacts::onErrorPath(Call, L) || leavesLoop(Call, L))
      continue;
    Node Pin = keywordArg(Loader, "pin_memory");
    // Pinned batches: the copy can overlap (with non_blocking) and is
    // direct; a pin_memory that is not a literal may be on.
    if (Pin && !Pin.is("false"))
      continue;
    if (isTrue(keywordArg(Call, "non_blocking")))
      continue;
    Finding Out = makeFinding(Ctx, Call, F, &L);
    Out.Api = M.callee(Call);
    Out.Message = "'" + PyContext::snippet(Call) +
                  "' copies pageable host memory to the GPU on every "
                  "iteration of the " +
                  PyContext::loopPhrase(L) + " (the DataLoader at line " +
                  std::to_string(Loader.line()) + " has no pin_memory=True)";
    Out.FixHint = "pass pin_memory=True to the DataLoader and "
                  "non_blocking=True to .to() so the copy is direct and "
                  "overlaps the computation";
    Sink.report(std::move(Out));
  }
}

} // namespace hotpath
