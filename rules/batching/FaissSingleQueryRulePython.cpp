//===- FaissSingleQueryRulePython.cpp - index.search(q[None]) in a loop ---===//
#include "rules/PyRuleUtils.h"
#include "rules/batching/FaissSingleQueryRule.h"

namespace hotpath {

using namespace py;

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
