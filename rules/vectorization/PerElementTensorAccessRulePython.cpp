//===- PerElementTensorAccessRulePython.cpp - t[i].item() in a loop -------===//
#include "rules/PyRuleUtils.h"
#include "rules/vectorization/PerElementTensorAccessRule.h"

namespace hotpath {

using namespace py;

namespace {

/// The tensor element `E` reads in loop `L`: `t[i]` / `t[i, j]` of a
/// tensor indexed by the loop's index, or the element of a loop over a
/// tensor; null otherwise.
Node elementOf(const ModuleFacts &M, const Function &F, const Loop &L, Node E) {
  if (E.is("subscript") && M.kindOf(E.field("value"), F) == Kind::Tensor &&
      !L.Index.empty() && llvm::any_of(E.fields("subscript"), [&](Node S) {
        return !S.is("slice") &&
               ModuleFacts::reads(S, std::vector<std::string>{L.Index});
      }))
    return E.field("value");
  if (E.is("identifier") && L.Iterable && L.Elements.size() == 1 &&
      E.text() == L.Elements[0] && M.kindOf(L.Iterable, F) == Kind::Tensor)
    return L.Iterable;
  return {};
}

} // namespace

void PerElementTensorAccessRule::checkPython(const PyContext &Ctx,
                                             const Function &F,
                                             FindingsSink &Sink) const {
  const ModuleFacts &M = Ctx.facts();
  for (Node Call : callsIn(F)) {
    // `t[i].item()`, `float(t[i])`, `int(t[i])`: a Python number from one
    // element.
    Node Read;
    llvm::StringRef Fn = Call.field("function").text();
    std::vector<Node> Args = positionalArgs(Call);
    if (methodOf(Call) == "item" && Args.empty())
      Read = Call.field("function").field("object");
    else if ((Fn == "float" || Fn == "int" || Fn == "bool") && Args.size() == 1)
      Read = Args[0];
    const Loop *L = Read ? enclosingLoop(M, F, Call) : nullptr;
    if (!L || L->Comprehension || L->Batches ||
        ModuleFacts::onErrorPath(Call, *L) || leavesLoop(Call, *L))
      continue;
    Node Tensor = elementOf(M, F, *L, Read);
    if (!Tensor)
      continue;
    Finding Out = makeFinding(Ctx, Call, F, L);
    Out.Api = "torch.Tensor.item";
    Out.Message = "'" + PyContext::snippet(Call) +
                  "' reads one tensor element per iteration of the " +
                  PyContext::loopPhrase(*L) +
                  "; use a tensor operation over the whole loop";
    Out.FixHint = "replace the loop with tensor operations on whole tensors "
                  "(sum, max, comparisons, masks, matmul); where Python "
                  "numbers are needed, convert once with '" +
                  PyContext::snippet(Tensor) + ".tolist()' before the loop";
    Sink.report(std::move(Out));
  }
}

} // namespace hotpath
