//===- StaticCallGraph.cpp ------------------------------------------------===//
#include "model/StaticCallGraph.h"

#include <tuple>

namespace hotpath {

void StaticCallGraph::addFunction(FunctionNode Node) {
  auto [It, Inserted] = Nodes.emplace(Node.Key, Node);
  if (Inserted)
    return;
  FunctionNode &Existing = It->second;
  Existing.HasLoop |= Node.HasLoop;
  Existing.CallsExpensiveApi |= Node.CallsExpensiveApi;
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

std::set<std::string> StaticCallGraph::expensiveFunctions() const {
  std::set<std::string> Expensive;
  for (const auto &[Key, Node] : Nodes)
    if (Node.HasLoop || Node.CallsExpensiveApi)
      Expensive.insert(Key);
  // Propagate callee -> caller until nothing changes; the graph is small
  // (project functions only), so the simple iteration is fine.
  bool Changed = true;
  while (Changed) {
    Changed = false;
    for (const auto &[Key, Node] : Nodes) {
      if (Expensive.count(Key))
        continue;
      for (const CallSite &C : Node.Calls)
        if (Expensive.count(C.Callee)) {
          Expensive.insert(Key);
          Changed = true;
          break;
        }
    }
  }
  return Expensive;
}

} // namespace hotpath
