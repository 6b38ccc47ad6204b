//===- PerItemInferenceRule.cpp -------------------------------------------===//
#include "rules/batching/PerItemInferenceRule.h"
#include "rules/RuleUtils.h"

namespace hotpath {

PerItemInferenceRule::PerItemInferenceRule()
    : Rule("batching-per-item-inference", Category::Batching) {}

llvm::StringRef PerItemInferenceRule::summary() const {
  return "a libtorch model is called once per item inside a loop; call it "
         "once on a batch";
}

void PerItemInferenceRule::check(const TUContext &TU, const FunctionFacts &F,
                                 FindingsSink &Sink) const {
  for (const CallFact &C : F.calls()) {
    if (!C.Loop || !TU.catalog().isInference(calleeOf(C.Call)))
      continue;
    const LoopInfo &L = *C.Loop;
    // A model built or changed in the loop (a module per configuration of
    // a parameter sweep) is another model each iteration: nothing to batch.
    if (const clang::Expr *Model = receiverOf(C.Call))
      if (F.isVariant(Model, L))
        continue;
    bool PerItem = false, Batch = false, Autoregressive = false;
    for (const clang::Expr *Arg : argumentsOf(C.Call)) {
      Granularity G = classify(TU, F, Arg, L);
      PerItem |= G == Granularity::PerItem;
      Batch |= G == Granularity::Batch;
      // Decoding and RNN steps need the previous output: not batchable
      // across iterations.
      Autoregressive |= dependsOnPreviousOutput(TU, F, Arg, L);
    }
    if (!PerItem || Batch || Autoregressive)
      continue;
    Finding Out = makeFinding(TU, F, C.Call, L);
    Out.Speedup = TU.catalog().batchingSpeedup(calleeOf(C.Call));
    Out.Message = "model call '" + sourceText(TU, C.Call) +
                  "' runs once per item of the " + loopPhrase(L) +
                  "; batch the items";
    Out.FixHint = "collect the loop's inputs into one tensor (torch::stack or "
                  "torch::cat), call the model once on the batch before the "
                  "loop, and read each item's row of the output inside it";
    Sink.report(std::move(Out));
  }
}

} // namespace hotpath
