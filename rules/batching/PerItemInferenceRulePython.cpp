//===- PerItemInferenceRulePython.cpp - model(x) once per item (Python) ---===//
#include "analyzer/ApiCatalog.h"
#include "rules/PyRuleUtils.h"
#include "rules/batching/PerItemInferenceRule.h"

#include "llvm/ADT/STLExtras.h"

namespace hotpath {

using namespace py;

namespace {

/// Packages whose module classes' `forward` is library code (site-packages,
/// which line profilers leave out): their calls keep the call's own name.
const llvm::StringRef LibraryPackages[] = {
    "torch",        "torchvision", "torchaudio",           "torchtext",
    "transformers", "timm",        "sentence_transformers"};

} // namespace

void PerItemInferenceRule::checkPython(const PyContext &Ctx, const Function &F,
                                       FindingsSink &Sink) const {
  const ModuleFacts &M = Ctx.facts();
  for (Node Call : callsIn(F)) {
    Node Model = calledModel(M, F, Call);
    const Loop *L = Model ? enclosingLoop(M, F, Call) : nullptr;
    if (!L || L->Batches || ModuleFacts::onErrorPath(Call, *L) ||
        leavesLoop(Call, *L))
      continue;
    // A model built in the loop belongs to the iteration.
    if (ModuleFacts::reads(Model, L->Written) && !Model.is("attribute"))
      continue;
    std::vector<Node> Args = positionalArgs(Call);
    // Autoregressive decoding and RNN steps: the input is the previous
    // output.
    std::set<std::string> Out = resultNames(*L, Call);
    bool Recurrent = false;
    for (Node A : Call.field("arguments").namedChildren())
      Recurrent |= ModuleFacts::reads(A, Out);
    if (Recurrent)
      continue;
    std::string Why;
    for (Node A : Args)
      if (Why.empty())
        // The element itself is one sample only when it is a piece of
        // text: a list element may be a whole batch (the outputs of a
        // model's layers).
        Why = itemShape(M, F, *L, A, /*Plain=*/L->TextItems);
    if (Why.empty())
      continue;
    Finding Finding = makeFinding(Ctx, Call, F, L);
    Finding.Api = M.callee(Call);
    // A project module's class, when the code shows it: the call runs its
    // `forward`, which a line profile that charges samples to the
    // innermost profiled line (Scalene) measures on forward's own lines
    // (docs/attribution.md). Named as Scalene names methods.
    std::string Class = boundClassOf(M, F, Model);
    llvm::StringRef Package = llvm::StringRef(Class).split('.').first;
    bool Library = Class.find('.') != std::string::npos &&
                   llvm::is_contained(LibraryPackages, Package);
    if (!Class.empty() && !Library && M.isModuleClass(Class)) {
      llvm::StringRef Simple(Class);
      Simple = Simple.substr(Simple.rfind('.') + 1);
      Finding.Api = Simple.str() + ".forward";
    }
    Finding.Message = "model call '" + PyContext::snippet(Call) +
                      "' runs once per item of the " +
                      PyContext::loopPhrase(*L) + " (" + Why +
                      "); batch the items";
    if (const ApiCatalog *Catalog = Ctx.catalog())
      Finding.Speedup = Catalog->pythonSpeedup("inference");
    Finding.FixHint =
        "stack the loop's inputs into one tensor (torch.stack or torch.cat), "
        "call the model once on the batch before the loop, and read each "
        "item's row of the output";
    Sink.report(std::move(Finding));
  }
}

} // namespace hotpath
