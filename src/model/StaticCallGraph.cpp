//===- StaticCallGraph.cpp ------------------------------------------------===//
#include "model/StaticCallGraph.h"

#include <optional>
#include <tuple>

namespace hotpath {

void StaticCallGraph::addFunction(FunctionNode Node) {
  auto [It, Inserted] = Nodes.emplace(Node.Key, Node);
  if (Inserted)
    return;
  FunctionNode &Existing = It->second;
  // The same function seen by another compile command (an AVX2 variant)
  // may have other facts: the first evidence found is kept.
  if (!Existing.HasLoop && Node.HasLoop)
    Existing.LoopAt = Node.LoopAt;
  Existing.HasLoop |= Node.HasLoop;
  if (!Existing.CallsExpensiveApi && Node.CallsExpensiveApi)
    Existing.ExpensiveApi = Node.ExpensiveApi;
  Existing.CallsExpensiveApi |= Node.CallsExpensiveApi;
  if (Existing.Impurity.empty())
    Existing.Impurity = Node.Impurity;
  for (CallSite &C : Node.Calls) {
    bool Known = false;
    for (const CallSite &E : Existing.Calls)
      Known |= std::tie(E.Callee, E.Line, E.LoopBegin) ==
               std::tie(C.Callee, C.Line, C.LoopBegin);
    if (!Known)
      Existing.Calls.push_back(std::move(C));
  }
}

void StaticCallGraph::merge(const StaticCallGraph &Other) {
  for (const auto &Entry : Other.Nodes)
    addFunction(Entry.second);
}

const FunctionNode *StaticCallGraph::find(const std::string &Key) const {
  auto It = Nodes.find(Key);
  return It == Nodes.end() ? nullptr : &It->second;
}

namespace {

/// Propagates a per-node root reason from callees to callers until nothing
/// changes. `Own` gives a node's own root (std::nullopt: none); a caller
/// inherits the root of the first callee that has one, with the call site
/// it goes through. The graph holds project functions only, so the simple
/// iteration is fine.
template <typename RootT, typename OwnFn>
std::map<std::string, std::pair<RootT, const CallSite *>>
propagate(const std::map<std::string, FunctionNode> &Nodes, OwnFn Own) {
  std::map<std::string, std::pair<RootT, const CallSite *>> Out;
  for (const auto &[Key, Node] : Nodes)
    if (std::optional<RootT> R = Own(Node))
      Out.emplace(Key, std::make_pair(std::move(*R), nullptr));
  bool Changed = true;
  while (Changed) {
    Changed = false;
    for (const auto &[Key, Node] : Nodes) {
      if (Out.count(Key))
        continue;
      for (const CallSite &C : Node.Calls)
        if (auto It = Out.find(C.Callee); It != Out.end()) {
          RootT Root = It->second.first;
          Out.emplace(Key, std::make_pair(std::move(Root), &C));
          Changed = true;
          break;
        }
    }
  }
  return Out;
}

} // namespace

std::map<std::string, Expense> StaticCallGraph::expensiveFunctions() const {
  struct Root {
    bool Api;
    std::string What; ///< the API's name, or the loop's "file:line"
  };
  std::map<std::string, Expense> Out;
  for (auto &[Key, Found] :
       propagate<Root>(Nodes, [](const FunctionNode &N) -> std::optional<Root> {
         if (N.CallsExpensiveApi)
           return Root{true, N.ExpensiveApi};
         if (N.HasLoop)
           return Root{false, N.LoopAt};
         return std::nullopt;
       })) {
    const auto &[R, Via] = Found;
    // "it calls 'g', which calls 'h'" / "it calls 'g', whose loop at ...".
    std::string Why =
        R.Api ? (Via ? "it calls '" + Via->CalleeName + "', which calls '"
                     : "it calls '") +
                    R.What + "'"
              : (Via ? "it calls '" + Via->CalleeName + "', whose loop at "
                     : "its loop at ") +
                    R.What + " grows with its input";
    Out[Key] = {std::move(Why), R.Api};
  }
  return Out;
}

std::map<std::string, std::string> StaticCallGraph::impureFunctions() const {
  std::map<std::string, std::string> Out;
  for (auto &[Key, Found] : propagate<std::string>(
           Nodes, [](const FunctionNode &N) -> std::optional<std::string> {
             if (N.Impurity.empty())
               return std::nullopt;
             return N.Impurity;
           })) {
    const auto &[Root, Via] = Found;
    // A node's own impurity reads "it calls ...", "it reads ...".
    Out[Key] = Via ? "it calls '" + Via->CalleeName + "', which " +
                         (Root.rfind("it ", 0) == 0 ? Root.substr(3) : Root)
                   : Root;
  }
  return Out;
}

std::set<std::string> StaticCallGraph::diagnosticFunctions() const {
  std::map<std::string,
           std::vector<std::pair<const FunctionNode *, const CallSite *>>>
      Callers;
  for (const auto &[Key, Node] : Nodes)
    for (const CallSite &C : Node.Calls)
      if (C.Callee != Key && Nodes.count(C.Callee))
        Callers[C.Callee].push_back({&Node, &C});
  std::set<std::string> Out;
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const auto &[Key, List] : Callers) {
      if (Out.count(Key))
        continue;
      bool All = true;
      for (const auto &[Caller, Site] : List)
        All &= Site->Diagnostic || Out.count(Caller->Key) > 0;
      if (All) {
        Out.insert(Key);
        Changed = true;
      }
    }
  }
  return Out;
}

} // namespace hotpath
