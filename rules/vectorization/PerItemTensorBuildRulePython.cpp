//===- PerItemTensorBuildRulePython.cpp - torch.tensor(row) then stack ----===//
#include "rules/PyRuleUtils.h"
#include "rules/vectorization/PerItemTensorBuildRule.h"

namespace hotpath {

using namespace py;

namespace {

bool makesTensor(llvm::StringRef Callee) {
  return Callee == "torch.tensor" || Callee == "torch.as_tensor" ||
         Callee == "torch.from_numpy" || Callee == "torch.Tensor" ||
         Callee == "torch.FloatTensor" || Callee == "torch.LongTensor";
}

bool joins(llvm::StringRef Callee) {
  return Callee == "torch.stack" || Callee == "torch.cat" ||
         Callee == "torch.vstack" || Callee == "torch.hstack";
}

/// The call that joins the tensors `Made` builds: the `torch.stack([…
/// for …])` around a comprehension, or a `torch.stack(acc)` after the loop
/// of the list `Made` is appended to. Null when there is none.
Node joinOf(const ModuleFacts &M, const Function &F, const Loop &L, Node Made) {
  if (L.Comprehension) {
    // The comprehension is the first argument of the joining call.
    Node Args = L.At.parent();
    Node Call = Args.parent();
    if (Args.is("argument_list") && Call.is("call") && joins(M.callee(Call)) &&
        Args.namedChild(0) == L.At && L.Body == Made)
      return Call;
    return {};
  }
  // `acc.append(torch.tensor(x))` as a statement of the loop.
  Node Args = Made.parent(), Append = Args.parent();
  if (!Args.is("argument_list") || !Append.is("call") ||
      methodOf(Append) != "append" ||
      !Append.parent().is("expression_statement"))
    return {};
  Node Acc = Append.field("function").field("object");
  if (!Acc.is("identifier"))
    return {};
  for (Node C : callsIn(F)) {
    std::vector<Node> CallArgs = positionalArgs(C);
    if (C.startByte() > L.At.endByte() && joins(M.callee(C)) &&
        !CallArgs.empty() && CallArgs[0].is("identifier") &&
        CallArgs[0].text() == Acc.text())
      return C;
  }
  return {};
}

} // namespace

PerItemTensorBuildRule::PerItemTensorBuildRule()
    : Rule("vectorization-per-item-tensor-build", Category::Vectorization) {}

llvm::StringRef PerItemTensorBuildRule::summary() const {
  return "a tensor is made from each item of a loop (torch.tensor(row)) and "
         "the tensors stacked after it; build one tensor from all the items";
}

void PerItemTensorBuildRule::checkPython(const PyContext &Ctx,
                                         const Function &F,
                                         FindingsSink &Sink) const {
  const ModuleFacts &M = Ctx.facts();
  for (Node Call : callsIn(F)) {
    std::vector<Node> Args = positionalArgs(Call);
    if (!makesTensor(M.callee(Call)) || Args.size() != 1)
      continue;
    const Loop *L = enclosingLoop(M, F, Call);
    if (!L || L->Batches || ModuleFacts::onErrorPath(Call, *L) ||
        leavesLoop(Call, *L) || !ModuleFacts::reads(Args[0], itemNames(*L)))
      continue;
    Node Join = joinOf(M, F, *L, Call);
    if (!Join)
      continue;
    Finding Out = makeFinding(Ctx, Call, F, L);
    Out.Api = M.callee(Call);
    Out.Message = "'" + PyContext::snippet(Call) +
                  "' makes one tensor per item of the " +
                  PyContext::loopPhrase(*L) + ", joined by '" + M.callee(Join) +
                  "' at line " + std::to_string(Join.line()) +
                  "; build one tensor from all the items";
    Out.FixHint = "convert the whole list once (torch.tensor(rows), or "
                  "torch.from_numpy(np.stack(arrays))): one allocation and "
                  "one copy instead of one per item and a stack";
    Sink.report(std::move(Out));
  }
}

} // namespace hotpath
