//===- HostSyncInLoopRulePython.cpp - loss.item() on every step -----------===//
#include "rules/PyRuleUtils.h"
#include "rules/code_level/HostSyncInLoopRule.h"

#include <set>

namespace hotpath {

using namespace py;

namespace {

/// Whether `F` moves anything to an accelerator: without that evidence a
/// `.item()` reads host memory and waits for nothing.
bool usesDevice(const ModuleFacts &M, const Function &F,
                const std::vector<Node> &Calls) {
  return llvm::any_of(Calls, [&](Node C) { return deviceTransfer(M, F, C); });
}

/// `x[i]` with the loop's index: one element, the per-element rule's case.
bool elementOfLoop(Node E, const Loop &L) {
  if (!E.is("subscript") || L.Index.empty())
    return false;
  return llvm::any_of(E.fields("subscript"),
                      [&](Node S) { return S.text() == L.Index; });
}

} // namespace

void HostSyncInLoopRule::checkPython(const PyContext &Ctx, const Function &F,
                                     FindingsSink &Sink) const {
  const ModuleFacts &M = Ctx.facts();
  const std::vector<Node> &Calls = callsIn(F);
  if (!usesDevice(M, F, Calls))
    return;
  // One finding per loop: after the first copy of an iteration the device
  // is idle, and the next copies wait for nothing.
  std::set<const Loop *> Reported;
  for (Node Sync : Calls) {
    if (!hostSync(Sync))
      continue;
    Node Tensor = Sync.field("function").field("object");
    // `out.cpu().numpy()` waits once, at the first copy.
    if (hostSync(Tensor))
      continue;
    const Loop *L = enclosingLoop(M, F, Sync);
    if (!L || ModuleFacts::onErrorPath(Sync, *L) || leavesLoop(Sync, *L) ||
        conditionalIn(Sync, *L) || elementOfLoop(Tensor, *L))
      continue;
    // The tensor comes from a model the loop runs: the step's result, on
    // the device the loop moves the inputs to.
    Node From;
    for (Node C : Calls) {
      if (From || !L->At.encloses(C) || !calledModel(M, F, C) ||
          C.startByte() > Sync.startByte())
        continue;
      if (Tensor.encloses(C) || ModuleFacts::reads(Tensor, resultNames(*L, C)))
        From = C;
    }
    if (!From || !Reported.insert(L).second)
      continue;
    Finding Out = makeFinding(Ctx, Sync, F, L);
    Out.Api = "." + methodOf(Sync).str();
    Out.Message = "'" + PyContext::snippet(Sync) +
                  "' waits for the device on every iteration of the " +
                  PyContext::loopPhrase(*L) +
                  " (the tensor comes from the model call '" +
                  PyContext::snippet(From) + "' at line " +
                  std::to_string(From.line()) + ")";
    Out.FixHint = "keep running values on the device (total += "
                  "loss.detach(), preds.append(out.argmax(1))) and copy them "
                  "to the host once after the loop, or every N iterations";
    Sink.report(std::move(Out));
  }
}

} // namespace hotpath
