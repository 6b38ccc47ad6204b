//===- MissingInferenceModeRule.cpp ---------------------------------------===//
#include "rules/code_level/MissingInferenceModeRule.h"
#include "analyzer/ApiCatalog.h"
#include "rules/RuleUtils.h"

namespace hotpath {

MissingInferenceModeRule::MissingInferenceModeRule()
    : Rule("code-level-missing-inference-mode", Category::CodeLevel) {}

llvm::StringRef MissingInferenceModeRule::summary() const {
  return "a model is called with autograd on (no torch::InferenceMode or "
         "NoGradGuard on the call path); guard inference";
}

void MissingInferenceModeRule::check(const TUContext &TU,
                                     const FunctionFacts &F,
                                     FindingsSink &Sink) const {
  const ApiCatalog &Catalog = TU.catalog();
  // Training code calls the model with autograd on by design.
  for (const CallFact &C : F.calls())
    if (const clang::FunctionDecl *FD = calleeOf(C.Call))
      if (Catalog.ModelMutatingFunctions.count(qualifiedName(FD)))
        return;
  for (const CallFact &C : F.calls()) {
    if (!Catalog.isInference(calleeOf(C.Call)) ||
        gradGuardInScope(F, Catalog, C.Call))
      continue;
    LoopInfo Whole;
    Finding Out = makeFinding(TU, F, C.Call, C.Loop ? *C.Loop : Whole);
    if (!C.Loop)
      Out.Loop = Out.Call;
    Out.Message = "model call '" + sourceText(TU, C.Call) +
                  "' runs with autograd on: no torch::InferenceMode or "
                  "torch::NoGradGuard is in scope";
    Out.FixHint = "declare 'torch::InferenceMode guard;' (or "
                  "torch::NoGradGuard) at the start of the serving path, "
                  "before the model is called";
    Sink.reportIfUnguardedPath(std::move(Out),
                               TUContext::functionKey(F.decl()));
  }
}

} // namespace hotpath
