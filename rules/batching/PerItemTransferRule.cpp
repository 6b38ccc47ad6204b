//===- PerItemTransferRule.cpp --------------------------------------------===//
#include "rules/batching/PerItemTransferRule.h"
#include "model/Names.h"
#include "rules/RuleUtils.h"

namespace hotpath {

PerItemTransferRule::PerItemTransferRule()
    : Rule("batching-per-item-transfer", Category::Batching) {}

llvm::StringRef PerItemTransferRule::summary() const {
  return "a tensor is moved between host and device once per item inside a "
         "loop; transfer the whole batch once";
}

void PerItemTransferRule::check(const TUContext &TU, const FunctionFacts &F,
                                FindingsSink &Sink) const {
  for (const CallFact &C : F.calls()) {
    if (!C.Loop)
      continue;
    if (!TU.catalog().isTransfer(calleeOf(C.Call))) {
      checkHelper(TU, F, C, Sink);
      continue;
    }
    const clang::Expr *Tensor = receiverOf(C.Call);
    if (!Tensor || classify(TU, F, Tensor, *C.Loop) != Granularity::PerItem)
      continue;
    Finding Out = makeFinding(TU, F, C.Call, *C.Loop);
    Out.Speedup = TU.catalog().batchingSpeedup(calleeOf(C.Call));
    Out.Message = "device transfer '" + sourceText(TU, C.Call) +
                  "' moves one item per iteration of the " +
                  loopPhrase(*C.Loop) + "; transfer the batch once";
    Out.FixHint = "stack the items and move the whole tensor with one .to() "
                  "before the loop (or move results back once after it)";
    Sink.report(std::move(Out));
  }
}

void PerItemTransferRule::checkHelper(const TUContext &TU,
                                      const FunctionFacts &F, const CallFact &C,
                                      FindingsSink &Sink) const {
  HelperEffect Effect = helperItemTransfer(TU, F, C.Call, *C.Loop);
  if (!Effect.Inner)
    return;
  Finding Out = makeFinding(TU, F, C.Call, *C.Loop);
  Out.Speedup = TU.catalog().batchingSpeedup(calleeOf(Effect.Inner));
  Out.Message =
      "'" + sourceText(TU, C.Call) + "' moves one item per " +
      "iteration of the " + loopPhrase(*C.Loop) + ": '" +
      withoutParameters(TU.functionName(Effect.Helper->decl())) +
      "' transfers its argument with '" + sourceText(TU, Effect.Inner) + "' (" +
      positionPhrase(TU, Effect.Inner, C.Call) + "); transfer the batch once";
  Out.FixHint = "give the helper the whole batch: stack the items, move them "
                "with one .to() before the loop, and index the result inside "
                "it";
  Sink.report(std::move(Out));
}

} // namespace hotpath
