//===- FaissSingleQueryRulePython.cpp - index.search(q[None]) in a loop ---===//
#include "analyzer/ApiCatalog.h"
#include "rules/PyRuleUtils.h"
#include "rules/batching/FaissSingleQueryRule.h"

namespace hotpath {

using namespace py;

namespace {

/// The catalog class of a Python FAISS index class ("faiss.IndexFlatIP" ->
/// "faiss::IndexFlat"); empty for the classes without a calibrated range.
std::string catalogClass(llvm::StringRef Python) {
  if (!Python.consume_front("faiss."))
    return "";
  if (Python == "IndexFlat" || Python == "IndexFlatL2" ||
      Python == "IndexFlatIP")
    return "faiss::IndexFlat";
  if (Python.startswith("IndexIVF"))
    return "faiss::IndexIVF";
  return "";
}

} // namespace

void FaissSingleQueryRule::checkPython(const PyContext &Ctx, const Function &F,
                                       FindingsSink &Sink) const {
  const ModuleFacts &M = Ctx.facts();
  for (Node Call : callsIn(F)) {
    Node Fn = Call.field("function");
    if (!Fn.is("attribute"))
      continue;
    llvm::StringRef Method = Fn.field("attribute").text();
    if (Method != "search" && Method != "range_search" && Method != "add" &&
        Method != "add_with_ids" && Method != "reconstruct_n" &&
        Method != "assign")
      continue;
    if (M.kindOf(Fn.field("object"), F) != Kind::FaissIndex)
      continue;
    const Loop *L = enclosingLoop(M, F, Call);
    std::vector<Node> Args = positionalArgs(Call);
    if (!L || L->Batches || Args.empty() ||
        ModuleFacts::onErrorPath(Call, *L) || leavesLoop(Call, *L) ||
        batchShaped(Args[0]))
      continue;
    std::string Why = itemShape(M, F, *L, Args[0], /*Plain=*/true);
    if (Why.empty())
      continue;
    Finding Out = makeFinding(Ctx, Call, F, L);
    Out.Api = "faiss::Index::" + Method.str();
    // Batching from Python gains what the calibration measured for the
    // index class, when the code shows the class (docs/ranking.md).
    if (const ApiCatalog *Catalog = Ctx.catalog()) {
      std::string Class = catalogClass(boundClassOf(M, F, Fn.field("object")));
      if (!Class.empty())
        Out.Speedup = Catalog->pythonSpeedup(Class, Method);
    }
    Out.Message = "faiss '" + Method.str() +
                  "' is called with a single vector (" + Why + ") in the " +
                  PyContext::loopPhrase(*L) + "; batch the calls";
    Out.FixHint = "stack the vectors into one (n, d) float32 array and make "
                  "one '" +
                  Method.str() + "' call outside the loop";
    Sink.report(std::move(Out));
  }
}

} // namespace hotpath
