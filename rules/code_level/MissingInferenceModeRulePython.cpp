//===- MissingInferenceModeRulePython.cpp - model(x) with autograd on -----===//
#include "rules/PyRuleUtils.h"
#include "rules/code_level/MissingInferenceModeRule.h"

#include <set>

namespace hotpath {

using namespace py;

namespace {

/// The `if __name__ == "__main__":` block of a module's top level.
Node mainBlock(const Function &Module) {
  for (Node S : ownCodeRoot(Module).namedChildren()) {
    if (!S.is("if_statement"))
      continue;
    Node C = S.field("condition");
    if (!C.is("comparison_operator") || C.namedChildCount() != 2 ||
        C.tokens().size() != 1 || C.tokens()[0] != "==")
      continue;
    llvm::StringRef A = C.namedChild(0).text(), B = C.namedChild(1).text();
    auto IsMain = [](llvm::StringRef T) {
      return T == "\"__main__\"" || T == "'__main__'";
    };
    if ((A == "__name__" && IsMain(B)) || (B == "__name__" && IsMain(A)))
      return S.field("consequence");
  }
  return {};
}

/// The functions of the file that run with autograd on from the main
/// block: called (by plain name, to a function of the file) from code that
/// no `torch.no_grad()` / `inference_mode()` covers, transitively.
std::set<const Function *> reachedUnguarded(const ModuleFacts &M,
                                            const Function &Module, Node Main) {
  std::map<std::string, const Function *> ByName;
  for (const Function &F : M.functions())
    if (F.ClassName.empty() && !F.Def.is("module"))
      ByName.emplace(F.Name, &F);
  std::set<const Function *> Reached;
  std::vector<std::pair<const Function *, Node>> Work = {{&Module, Main}};
  while (!Work.empty()) {
    // Named variables, not a structured binding: lambdas capture them.
    const Function *F = Work.back().first;
    Node Region = Work.back().second;
    Work.pop_back();
    walk(Region, [&](Node N) {
      if (N != Region && isScope(N.type()))
        return false;
      if (!N.is("call") || !N.field("function").is("identifier") ||
          M.noGrad(*F, N))
        return true;
      auto It = ByName.find(N.field("function").text().str());
      if (It != ByName.end() && Reached.insert(It->second).second)
        Work.push_back({It->second, ownCodeRoot(*It->second)});
      return true;
    });
  }
  return Reached;
}

} // namespace

void MissingInferenceModeRule::checkPythonFile(const PyContext &Ctx,
                                               FindingsSink &Sink) const {
  const ModuleFacts &M = Ctx.facts();
  const Function &Module = M.functions().front();
  Node Main = Module.Def.is("module") ? mainBlock(Module) : Node();
  if (!Main)
    return;
  // A script that turns autograd off for the whole process.
  for (const Function &G : M.functions())
    for (Node C : callsIn(G))
      if (M.callee(C) == "torch.set_grad_enabled" ||
          M.callee(C) == "torch.autograd.set_grad_enabled")
        return;
  std::set<const Function *> Reached = reachedUnguarded(M, Module, Main);
  for (const Function &F : M.functions()) {
    bool InMain = &F == &Module;
    if ((!InMain && !Reached.count(&F)) || trains(F))
      continue;
    for (Node Call : callsIn(F)) {
      if ((InMain && !Main.encloses(Call)) || !calledModel(M, F, Call) ||
          M.noGrad(F, Call))
        continue;
      int I = M.loopOf(F, Call);
      Finding Out = makeFinding(Ctx, Call, F, I < 0 ? nullptr : &F.Loops[I]);
      Out.Api = M.callee(Call);
      Out.Message = "model call '" + PyContext::snippet(Call) +
                    "' runs with autograd on: no torch.no_grad() or "
                    "torch.inference_mode() is in scope on the path from the "
                    "__main__ block at line " +
                    std::to_string(Main.parent().line());
      Out.FixHint = "run the inference under 'with torch.inference_mode():' "
                    "(or torch.no_grad()), or decorate the function with "
                    "@torch.inference_mode()";
      Sink.report(std::move(Out));
    }
  }
}

} // namespace hotpath
