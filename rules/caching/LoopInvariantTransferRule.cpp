//===- LoopInvariantTransferRule.cpp --------------------------------------===//
#include "rules/caching/LoopInvariantTransferRule.h"
#include "rules/RuleUtils.h"

namespace hotpath {

LoopInvariantTransferRule::LoopInvariantTransferRule()
    : Rule("caching-loop-invariant-transfer", Category::Caching) {}

llvm::StringRef LoopInvariantTransferRule::summary() const {
  return "a tensor that does not change in the loop is transferred to the "
         "device on every iteration; hoist the transfer";
}

void LoopInvariantTransferRule::check(const TUContext &TU,
                                      const FunctionFacts &F,
                                      FindingsSink &Sink) const {
  for (const CallFact &C : F.calls()) {
    if (!C.Loop || !TU.catalog().isTransfer(calleeOf(C.Call)))
      continue;
    const clang::Expr *Tensor = receiverOf(C.Call);
    if (!Tensor)
      continue;
    llvm::SmallVector<const clang::Expr *, 4> Parts = argumentsOf(C.Call);
    Parts.push_back(Tensor);
    const LoopInfo *Hoist = outermostInvariantLoop(F, Parts, *C.Loop);
    if (!Hoist)
      continue;
    Finding Out = makeFinding(TU, F, C.Call, *Hoist);
    if (Hoist == C.Loop)
      Out.FixIts = hoistDeclarationFixIt(TU, F, C.Call, *Hoist);
    Out.Message = "device transfer '" + sourceText(TU, C.Call) +
                  "' copies the same tensor on every iteration of the " +
                  loopPhrase(*Hoist) + "; hoist it";
    Out.FixHint = "move the transfer before the loop at line " +
                  std::to_string(Hoist->Lines.Begin) +
                  " and reuse the device tensor";
    Sink.report(std::move(Out));
  }
}

} // namespace hotpath
