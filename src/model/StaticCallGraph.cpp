//===- StaticCallGraph.cpp ------------------------------------------------===//
#include "model/StaticCallGraph.h"

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

/// Propagates a per-node reason from callees to callers until nothing
/// changes. `Own` gives a node's own reason (empty: none); a caller's reason
/// names the callee and that callee's root reason. The graph holds project
/// functions only, so the simple iteration is fine.
template <typename OwnFn, typename ViaFn>
std::map<std::string, std::string>
propagate(const std::map<std::string, FunctionNode> &Nodes, OwnFn Own,
          ViaFn Via) {
  std::map<std::string, std::string> Why, Root;
  for (const auto &[Key, Node] : Nodes)
    if (std::string R = Own(Node); !R.empty()) {
      Root[Key] = R;
      Why[Key] = R;
    }
  bool Changed = true;
  while (Changed) {
    Changed = false;
    for (const auto &[Key, Node] : Nodes) {
      if (Why.count(Key))
        continue;
      for (const CallSite &C : Node.Calls)
        if (auto It = Root.find(C.Callee); It != Root.end()) {
          Root[Key] = It->second;
          Why[Key] = Via(C, It->second);
          Changed = true;
          break;
        }
    }
  }
  return Why;
}

} // namespace

std::map<std::string, std::string> StaticCallGraph::expensiveFunctions() const {
  return propagate(
      Nodes,
      [](const FunctionNode &N) -> std::string {
        if (N.CallsExpensiveApi)
          return "it calls '" + N.ExpensiveApi + "'";
        if (N.HasLoop)
          return "its loop at " + N.LoopAt + " grows with its input";
        return "";
      },
      [](const CallSite &C, const std::string &Root) {
        // "it calls 'g', which calls 'h'" / "..., whose loop at ... grows".
        return "it calls '" + C.CalleeName + "', " +
               (Root.rfind("its ", 0) == 0 ? "whose " + Root.substr(4)
                                           : "which " + Root.substr(3));
      });
}

std::map<std::string, std::string> StaticCallGraph::impureFunctions() const {
  return propagate(
      Nodes, [](const FunctionNode &N) { return N.Impurity; },
      [](const CallSite &C, const std::string &Root) {
        return "it calls '" + C.CalleeName + "', which " +
               (Root.rfind("it ", 0) == 0 ? Root.substr(3) : Root);
      });
}

} // namespace hotpath
