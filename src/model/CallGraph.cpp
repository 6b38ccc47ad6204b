//===- CallGraph.cpp ------------------------------------------------------===//
#include "model/CallGraph.h"

#include <boost/graph/adjacency_list.hpp>

#include <algorithm>
#include <cstdint>

namespace hotpath {

struct CallGraph::Impl {
  struct EdgeData {
    double Weight = 0;
    uint64_t Calls = 0;
  };
  using Graph =
      boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                            boost::no_property, EdgeData>;
  Graph G;
};

CallGraph::CallGraph() : I(std::make_unique<Impl>()) {}
CallGraph::~CallGraph() = default;

void CallGraph::reset(size_t NumFunctions) { I->G = Impl::Graph(NumFunctions); }

void CallGraph::addWeight(FunctionId Caller, FunctionId Callee, double Weight,
                          uint64_t Calls) {
  auto [E, Exists] = boost::edge(Caller, Callee, I->G);
  if (!Exists)
    E = boost::add_edge(Caller, Callee, I->G).first;
  Impl::EdgeData &D = I->G[E];
  D.Weight += Weight;
  // Saturating: counts come from untrusted traces.
  D.Calls = Calls > UINT64_MAX - D.Calls ? UINT64_MAX : D.Calls + Calls;
}

size_t CallGraph::numFunctions() const { return boost::num_vertices(I->G); }

std::vector<CallGraph::Edge> CallGraph::edges() const {
  std::vector<Edge> Out;
  for (auto [It, End] = boost::edges(I->G); It != End; ++It)
    Out.push_back({static_cast<FunctionId>(boost::source(*It, I->G)),
                   static_cast<FunctionId>(boost::target(*It, I->G)),
                   I->G[*It].Weight, I->G[*It].Calls});
  std::sort(Out.begin(), Out.end(), [](const Edge &A, const Edge &B) {
    return std::tie(A.Caller, A.Callee) < std::tie(B.Caller, B.Callee);
  });
  return Out;
}

std::vector<CallGraph::Edge> CallGraph::callees(FunctionId Caller) const {
  std::vector<Edge> Out;
  for (auto [It, End] = boost::out_edges(Caller, I->G); It != End; ++It)
    Out.push_back({Caller, static_cast<FunctionId>(boost::target(*It, I->G)),
                   I->G[*It].Weight, I->G[*It].Calls});
  std::sort(Out.begin(), Out.end(), [](const Edge &A, const Edge &B) {
    if (A.Weight != B.Weight)
      return A.Weight > B.Weight;
    return A.Callee < B.Callee;
  });
  return Out;
}

size_t CallGraph::numCallers(FunctionId Callee) const {
  size_t N = 0;
  for (auto [It, End] = boost::in_edges(Callee, I->G); It != End; ++It)
    N += boost::source(*It, I->G) != Callee;
  return N;
}

} // namespace hotpath
