//===- LoopInvariantCallRulePython.cpp - torch.load(p) in a loop ----------===//
#include "rules/PyRuleUtils.h"
#include "rules/caching/LoopInvariantCallRule.h"

namespace hotpath {

using namespace py;

namespace {

/// Loads and builds whose cost is reading a file or building a model.
bool expensiveLoad(llvm::StringRef C) {
  return C == "torch.load" || C == "torch.jit.load" ||
         C == "faiss.read_index" || C == "json.load" || C == "pickle.load" ||
         C == "numpy.load" || C == "np.load" || C == "yaml.safe_load" ||
         C == "yaml.load" || C == "joblib.load" || C == ".from_pretrained" ||
         C == "torch.hub.load" || C == "pandas.read_csv" ||
         C == "pd.read_csv" || C == "faiss.index_factory";
}

} // namespace

void LoopInvariantCallRule::checkPython(const PyContext &Ctx, const Function &F,
                                        FindingsSink &Sink) const {
  const ModuleFacts &M = Ctx.facts();
  for (Node Call : callsIn(F)) {
    std::string C = M.callee(Call);
    // `open(p).read()`: the read of a file opened in the same expression.
    bool ReadsFile =
        C == ".read" &&
        Call.field("function").field("object").field("function").text() ==
            "open";
    if (!expensiveLoad(C) && !ReadsFile)
      continue;
    const Loop *L = enclosingLoop(M, F, Call);
    if (!L || ModuleFacts::onErrorPath(Call, *L) || leavesLoop(Call, *L))
      continue;
    // Loop-invariant: nothing the call reads changes in the loop (nor in
    // the loops around it up to the one it would be hoisted out of).
    if (ModuleFacts::reads(Call, L->Written) || ownedByIteration(*L, Call))
      continue;
    // `pickle.load(f)` on an open file reads the next record each time.
    std::vector<Node> Args = positionalArgs(Call);
    if (!Args.empty() && Args[0].is("identifier") &&
        fileObject(F, Args[0].text().str()))
      continue;
    // `json.load(f)` on a file opened per iteration reads f.
    Finding Out = makeFinding(Ctx, Call, F, L);
    Out.Api = C;
    std::string Name = ReadsFile ? "open(…).read" : C;
    if (!Name.empty() && Name[0] == '.')
      Name = Name.substr(1);
    Out.Message = "'" + Name +
                  "' is expensive and loop-invariant: its "
                  "arguments do not change in the " +
                  PyContext::loopPhrase(*L) +
                  ", yet it runs on every "
                  "iteration";
    Out.FixHint = "call it once before the loop at line " +
                  std::to_string(L->At.line()) + " and reuse the result";
    Sink.report(std::move(Out));
  }
}

} // namespace hotpath
