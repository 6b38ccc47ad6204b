//===- StaticCallGraph.h - Project call graph across all analysed TUs -----===//
#ifndef HOTPATH_MODEL_STATICCALLGRAPH_H
#define HOTPATH_MODEL_STATICCALLGRAPH_H

#include "model/SourceLocation.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace hotpath {

/// One call from a project function body.
struct CallSite {
  /// Key of the callee (see FunctionNode::Key).
  std::string Callee;
  /// Qualified name of the callee ("torch::nn::Module::forward"), to match
  /// the frames of a trace.
  std::string CalleeName;
  unsigned Line = 0;
  /// Begin line of the innermost enclosing loop, 0 when not in a loop.
  unsigned LoopBegin = 0;
  /// An autograd guard (InferenceMode, NoGradGuard) is in scope at the call.
  bool GradGuarded = false;
};

/// A project function whose body was analysed.
struct FunctionNode {
  /// Stable identity across TUs (Clang's USR).
  std::string Key;
  /// Qualified name and signature, for messages.
  std::string Name;
  SourceLocation Location;
  /// The body contains a loop.
  bool HasLoop = false;
  /// The body calls an API the catalog marks as expensive.
  bool CallsExpensiveApi = false;
  std::vector<CallSite> Calls;
};

/// Function -> call sites, merged from every TU: the same function seen in
/// several TUs (an inline function in a header) is one node.
class StaticCallGraph {
public:
  /// Adds or merges a node; facts of duplicate definitions are OR-ed and
  /// call sites deduplicated.
  void addFunction(FunctionNode Node);
  /// Merges another graph (the result of another TU) into this one.
  void merge(const StaticCallGraph &Other);

  const FunctionNode *find(const std::string &Key) const;
  const std::map<std::string, FunctionNode> &functions() const { return Nodes; }

  /// Keys of the functions that are expensive: they loop, call an expensive
  /// API, or call (transitively) an expensive project function. Computed to a
  /// fixpoint over the graph.
  std::set<std::string> expensiveFunctions() const;

private:
  std::map<std::string, FunctionNode> Nodes;
};

} // namespace hotpath

#endif
