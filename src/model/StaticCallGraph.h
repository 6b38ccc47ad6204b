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
  /// The call only feeds console output: its result is an argument of a
  /// print, or initializes a variable that is only printed, or the call is
  /// in a loop that prints every iteration.
  bool Diagnostic = false;
};

/// A project function whose body was analysed.
struct FunctionNode {
  /// Stable identity across TUs (Clang's USR).
  std::string Key;
  /// Qualified name and signature, for messages.
  std::string Name;
  SourceLocation Location;
  /// The body contains a loop whose trip count grows with its input (not
  /// a constant lane count, not a path that throws); where ("file:line").
  bool HasLoop = false;
  std::string LoopAt;
  /// The body calls an API the catalog marks as expensive; which one.
  bool CallsExpensiveApi = false;
  std::string ExpensiveApi;
  /// Why two calls with the same arguments may differ or must both run
  /// ("it calls 'fopen'", "it reads the global 'd'"); empty when nothing
  /// in the body says so.
  std::string Impurity;
  std::vector<CallSite> Calls;
};

/// Why a function is expensive: the evidence as a sentence ("its loop at
/// a.cpp:12 grows with its input", "it calls 'g', which calls
/// 'torch::jit::load'"), and whether it rests on a catalogued expensive API
/// (else on a loop of its own, weaker evidence of the call's share).
struct Expense {
  std::string Why;
  bool CataloguedApi = false;
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

  /// The functions that are expensive, each with the evidence ("its loop at
  /// a.cpp:12 grows with its input", "it calls 'g', which calls
  /// 'torch::jit::load'"): they loop, call an expensive API, or call
  /// (transitively) an expensive project function. A fixpoint over the graph.
  std::map<std::string, Expense> expensiveFunctions() const;
  /// The functions whose result or effect may differ between two calls with
  /// the same arguments, with the reason: their own Impurity, or a call of
  /// such a function (transitively).
  std::map<std::string, std::string> impureFunctions() const;
  /// The functions that only serve console output: called at least once,
  /// and every call is a diagnostic call site or made from such a function
  /// (a fixpoint).
  std::set<std::string> diagnosticFunctions() const;

private:
  std::map<std::string, FunctionNode> Nodes;
};

} // namespace hotpath

#endif
