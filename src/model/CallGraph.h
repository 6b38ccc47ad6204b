//===- CallGraph.h - Function-level call graph of a profile ---------------===//
#ifndef HOTPATH_MODEL_CALLGRAPH_H
#define HOTPATH_MODEL_CALLGRAPH_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace hotpath {

using FunctionId = uint32_t;

/// Caller -> callee edges weighted by the callee's inclusive weight when
/// called from that caller. A Boost.Graph adjacency_list behind our own type,
/// so no Boost header leaks into the model's users.
class CallGraph {
public:
  struct Edge {
    FunctionId Caller;
    FunctionId Callee;
    double Weight;
    /// Calls the trace counted on this edge (pstats, callgrind); 0 when it
    /// counts none.
    uint64_t Calls = 0;
  };

  CallGraph();
  ~CallGraph();
  CallGraph(const CallGraph &) = delete;
  CallGraph &operator=(const CallGraph &) = delete;

  /// Drops all edges and sets the number of functions.
  void reset(size_t NumFunctions);
  /// Adds `Weight` and `Calls` to the edge, creating it when needed.
  void addWeight(FunctionId Caller, FunctionId Callee, double Weight,
                 uint64_t Calls = 0);
  size_t numFunctions() const;
  /// All edges, sorted by (caller, callee).
  std::vector<Edge> edges() const;
  /// Edges out of `Caller`, heaviest first (ties by callee id).
  std::vector<Edge> callees(FunctionId Caller) const;
  /// Number of edges into `Callee` from other functions.
  size_t numCallers(FunctionId Callee) const;

private:
  struct Impl;
  std::unique_ptr<Impl> I;
};

} // namespace hotpath

#endif
