//===- Attribution.cpp ----------------------------------------------------===//
#include "attribution/Attribution.h"
#include "model/CallGraph.h"

#include <map>
#include <set>

namespace hotpath {

bool samePathSuffix(const std::string &A, const std::string &B) {
  if (A.empty() || B.empty())
    return false;
  const std::string &Long = A.size() >= B.size() ? A : B;
  const std::string &Short = A.size() >= B.size() ? B : A;
  if (Long.compare(Long.size() - Short.size(), Short.size(), Short) != 0)
    return false;
  return Long.size() == Short.size() ||
         Long[Long.size() - Short.size() - 1] == '/' || Short[0] == '/';
}

namespace {

/// Profile functions that are the finding's function.
std::vector<FunctionId> matchingFunctions(const Finding &F, const Profile &P) {
  std::string Name = withoutParameters(F.Function);
  std::vector<FunctionId> Out;
  for (FunctionId Id = 0; Id < P.functions().size(); ++Id) {
    const ProfileFunction &PF = P.functions()[Id];
    if (withoutParameters(PF.Name) != Name)
      continue;
    // Overloads and same-named functions elsewhere: the file decides when
    // the profile knows it.
    if (!PF.File.empty() && !samePathSuffix(PF.File, F.Location.File))
      continue;
    Out.push_back(Id);
  }
  return Out;
}

const FunctionNode *staticNode(const Finding &F, const StaticCallGraph &G) {
  for (const auto &[Key, Node] : G.functions())
    if (Node.Name == F.Function && Node.Location.File == F.Location.File)
      return &Node;
  return nullptr;
}

/// Some analysed function appears in the profile: same name, and the same
/// file where the profile knows it (a Python `main` is not a C++ `main`).
bool traceMatches(const StaticCallGraph &G, const Profile &P) {
  std::map<std::string, std::vector<std::string>> FilesByName;
  for (const auto &[Key, Node] : G.functions())
    FilesByName[withoutParameters(Node.Name)].push_back(Node.Location.File);
  for (const ProfileFunction &PF : P.functions()) {
    auto It = FilesByName.find(withoutParameters(PF.Name));
    if (It == FilesByName.end())
      continue;
    if (PF.File.empty())
      return true;
    for (const std::string &File : It->second)
      if (samePathSuffix(PF.File, File))
        return true;
  }
  return false;
}

} // namespace

AttributionResult attribute(const std::vector<Finding> &Findings,
                            const StaticCallGraph &Graph, const Profile &P) {
  AttributionResult R;
  R.TraceMatchesCode = P.total() > 0 && traceMatches(Graph, P);
  double Total = P.total();
  for (const Finding &F : Findings) {
    Attribution A;
    if (!R.TraceMatchesCode) {
      R.PerFinding.push_back(A);
      continue;
    }
    std::vector<FunctionId> Fns = matchingFunctions(F, P);
    // Line evidence.
    bool HasLines = false;
    double LineWeight = 0;
    for (FunctionId Fn : Fns)
      for (const auto &[Key, W] : P.lines())
        if (Key.first == Fn) {
          HasLines = true;
          if (F.Loop.contains(Key.second))
            LineWeight += W.Inclusive;
        }
    if (HasLines) {
      A.Evid = Evidence::Line;
      A.HotFraction = std::min(1.0, LineWeight / Total);
      R.PerFinding.push_back(A);
      continue;
    }
    // Function evidence: calls made from inside the loop.
    double FunctionWeight = 0;
    if (!Fns.empty()) {
      std::set<std::string> LoopCallees;
      if (const FunctionNode *Node = staticNode(F, Graph))
        for (const CallSite &C : Node->Calls)
          if (F.Loop.contains(C.Line))
            LoopCallees.insert(withoutParameters(C.CalleeName));
      bool AnyEdge = false;
      for (FunctionId Fn : Fns)
        for (const CallGraph::Edge &E : P.callGraph().callees(Fn)) {
          AnyEdge = true;
          if (LoopCallees.count(
                  withoutParameters(P.functions()[E.Callee].Name)))
            FunctionWeight += E.Weight;
        }
      // FIXME: with no call edges at all (everything inlined, no lines),
      // the whole function's time is an upper bound for the loop's.
      if (!AnyEdge)
        for (FunctionId Fn : Fns)
          FunctionWeight += P.functions()[Fn].W.Inclusive;
    }
    A.Evid = Evidence::Function;
    A.HotFraction = std::min(1.0, FunctionWeight / Total);
    R.PerFinding.push_back(A);
  }
  return R;
}

} // namespace hotpath
