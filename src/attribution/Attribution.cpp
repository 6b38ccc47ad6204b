//===- Attribution.cpp ----------------------------------------------------===//
#include "attribution/Attribution.h"
#include "model/CallGraph.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/GlobPattern.h"

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

/// Profile functions that are `Function` of `File` (as Finding::Function
/// names functions).
std::vector<FunctionId> matchingFunctions(const std::string &Function,
                                          const std::string &File,
                                          const Profile &P) {
  std::string Name = withoutParameters(Function);
  std::vector<FunctionId> Out;
  for (FunctionId Id = 0; Id < P.functions().size(); ++Id) {
    const ProfileFunction &PF = P.functions()[Id];
    if (withoutParameters(PF.Name) != Name)
      continue;
    // Overloads and same-named functions elsewhere: the file decides when
    // the profile knows it.
    if (!PF.File.empty() && !samePathSuffix(PF.File, File))
      continue;
    Out.push_back(Id);
  }
  return Out;
}

/// The weight of the related code's lines (Finding::Related) that `Counted`
/// does not hold yet; adds them to it.
double relatedLineWeight(const Finding &F, const Profile &P,
                         std::set<std::pair<FunctionId, unsigned>> &Counted) {
  double Weight = 0;
  for (const RelatedCode &R : F.Related)
    for (FunctionId Fn : matchingFunctions(R.Function, R.File, P))
      for (auto It = P.lines().lower_bound({Fn, R.Lines.Begin});
           It != P.lines().end() && It->first.first == Fn &&
           It->first.second <= R.Lines.End;
           ++It)
        if (Counted.insert(It->first).second)
          Weight += It->second.Inclusive;
  return Weight;
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

bool isPythonFile(const std::string &Path) {
  llvm::StringRef P(Path);
  return P.endswith(".py") || P.endswith(".pyi");
}

/// The profile functions in the finding's file (any name).
std::vector<FunctionId> functionsInFile(const Finding &F, const Profile &P) {
  std::vector<FunctionId> Out;
  for (FunctionId Id = 0; Id < P.functions().size(); ++Id) {
    const ProfileFunction &PF = P.functions()[Id];
    if (!PF.File.empty() && samePathSuffix(PF.File, F.Location.File))
      Out.push_back(Id);
  }
  return Out;
}

/// Some Python finding's file is in the profile. The Python frontend adds
/// no nodes to the static call graph, so its findings are matched directly
/// (pstats, line_profiler, py-spy and Scalene name the file).
bool tracePythonMatches(const std::vector<Finding> &Findings,
                        const Profile &P) {
  for (const Finding &F : Findings)
    if (isPythonFile(F.Location.File) && !functionsInFile(F, P).empty())
      return true;
  return false;
}

/// The rule is about a model call.
bool isModelRule(const std::string &RuleId) {
  return RuleId == "batching-per-item-inference" ||
         RuleId == "code-level-missing-inference-mode";
}

/// The profile functions a Python call of the finding's API runs as: the
/// method itself ("search"), FAISS's Python wrapper of it
/// ("replacement_search", faiss/class_wrappers.py), and for a model call
/// the nn.Module call machinery (`_call_impl` in torch 1.13,
/// `_wrapped_call_impl` after it). Empty for findings about an operation
/// that runs in the function's own frame (`in` on a list, `s += x`).
std::set<std::string> pythonCallees(const Finding &F) {
  std::set<std::string> Out;
  if (F.Api.empty())
    return Out;
  llvm::StringRef Tail(F.Api);
  size_t Sep = Tail.find_last_of(":.");
  if (Sep != llvm::StringRef::npos)
    Tail = Tail.drop_front(Sep + 1);
  Out.insert(Tail.str());
  Out.insert("replacement_" + Tail.str());
  if (isModelRule(F.RuleId)) {
    Out.insert("_call_impl");
    Out.insert("_wrapped_call_impl");
    Out.insert("__call__");
  }
  return Out;
}

/// Of the samples on the flagged call's lines in `Fns`, the part that runs
/// in the finding's per-item callees; null without stacks through the call.
std::optional<double> perItemFraction(const Finding &F,
                                      const std::vector<FunctionId> &Fns,
                                      const Profile &P) {
  if (!F.PerItem)
    return std::nullopt;
  std::vector<llvm::GlobPattern> Callees;
  for (const std::string &C : F.PerItem->Callees)
    if (auto Pat = llvm::GlobPattern::create(C))
      Callees.push_back(std::move(*Pat));
    else
      llvm::consumeError(Pat.takeError());
  std::vector<int8_t> IsCallee(P.functions().size(), -1);
  auto [Call, Inner] = P.weightUnder(
      [&](FrameId Fr) {
        const Frame &X = P.frames()[Fr];
        return F.Call.contains(X.Line) &&
               llvm::is_contained(Fns, P.functionOf(Fr));
      },
      [&](FunctionId Fn) {
        if (IsCallee[Fn] < 0) {
          std::string Name = withoutParameters(P.functions()[Fn].Name);
          IsCallee[Fn] = llvm::any_of(Callees, [&](const llvm::GlobPattern &G) {
            return G.match(Name);
          });
        }
        return IsCallee[Fn] == 1;
      });
  if (Call <= 0)
    return std::nullopt;
  return std::min(1.0, Inner / Call);
}

} // namespace

namespace {

/// The operator groups of the findings: findings whose flagged APIs run as
/// the same operations share one group (and split its time).
struct OperatorGroups {
  std::vector<int> OfFinding;  ///< group per finding, -1 without operators
  std::vector<size_t> Members; ///< findings per group
  std::vector<double> Weight;  ///< outermost weight per group
};

OperatorGroups operatorGroups(const std::vector<Finding> &Findings,
                              const Profile &P) {
  OperatorGroups G;
  std::map<std::vector<std::string>, int> Index;
  std::vector<std::vector<llvm::GlobPattern>> Patterns;
  for (const Finding &F : Findings) {
    if (F.Operators.empty()) {
      G.OfFinding.push_back(-1);
      continue;
    }
    // The operations of the API's kind make the group (`.to()`, `.cpu()`
    // and `.cuda()` are all transfers); an API without a kind is its own.
    std::vector<std::string> Key(F.Operators.begin() + 1, F.Operators.end());
    if (Key.empty())
      Key = F.Operators;
    auto [It, New] = Index.emplace(Key, Index.size());
    if (New) {
      G.Members.push_back(0);
      Patterns.emplace_back();
    }
    // The group matches every member's operations, its own name included.
    for (const std::string &Op : F.Operators)
      if (auto Pat = llvm::GlobPattern::create(Op))
        Patterns[It->second].push_back(std::move(*Pat));
      else
        llvm::consumeError(Pat.takeError());
    G.OfFinding.push_back(It->second);
    ++G.Members[It->second];
  }
  // A function belongs to the first group that names it (groups in the
  // order of the findings, which is deterministic).
  std::vector<int> GroupOf(P.functions().size(), -1);
  for (FunctionId Fn = 0; Fn < P.functions().size(); ++Fn) {
    std::string Name = withoutParameters(P.functions()[Fn].Name);
    for (size_t Grp = 0; Grp < Patterns.size() && GroupOf[Fn] < 0; ++Grp)
      for (const llvm::GlobPattern &Pat : Patterns[Grp])
        if (Pat.match(Name)) {
          GroupOf[Fn] = static_cast<int>(Grp);
          break;
        }
  }
  G.Weight = P.outermostWeights(GroupOf, Patterns.size());
  return G;
}

/// The callees of the flagged call: its API and the project functions the
/// static call graph places on its lines.
std::set<std::string> calleesOfCall(const Finding &F,
                                    const StaticCallGraph &Graph) {
  if (isPythonFile(F.Location.File))
    return pythonCallees(F);
  std::set<std::string> Out;
  if (!F.Api.empty())
    Out.insert(F.Api);
  if (const FunctionNode *Node = staticNode(F, Graph))
    for (const CallSite &C : Node->Calls)
      if (F.Call.contains(C.Line))
        Out.insert(withoutParameters(C.CalleeName));
  return Out;
}

} // namespace

AttributionResult attribute(const std::vector<Finding> &Findings,
                            const StaticCallGraph &Graph, const Profile &P) {
  AttributionResult R;
  R.PerFinding.resize(Findings.size());
  double Total = P.total();
  if (Total <= 0)
    return R;
  R.TraceMatchesCode =
      traceMatches(Graph, P) || tracePythonMatches(Findings, P);
  if (!R.TraceMatchesCode) {
    // A trace that names only library operations (torch profiler, FAISS
    // frames of a stripped binary): operator evidence, split between the
    // findings whose APIs run as the same operations.
    OperatorGroups G = operatorGroups(Findings, P);
    for (size_t I = 0; I < Findings.size(); ++I) {
      int Grp = G.OfFinding[I];
      if (Grp < 0 || G.Weight[Grp] <= 0)
        continue;
      R.TraceMatchesOperators = true;
      R.PerFinding[I].Evid = Evidence::Operator;
      R.PerFinding[I].HotFraction =
          std::min(1.0, G.Weight[Grp] / G.Members[Grp] / Total);
    }
    return R;
  }
  // Function evidence splits a callee's time between the findings of one
  // function that call it.
  std::vector<std::set<std::string>> Callees;
  std::map<std::pair<std::string, std::set<std::string>>, size_t> Sharing;
  for (const Finding &F : Findings) {
    Callees.push_back(calleesOfCall(F, Graph));
    ++Sharing[{F.Function, Callees.back()}];
  }
  for (size_t I = 0; I < Findings.size(); ++I) {
    const Finding &F = Findings[I];
    Attribution &A = R.PerFinding[I];
    std::vector<FunctionId> Fns =
        matchingFunctions(F.Function, F.Location.File, P);
    // Line evidence: the samples on the flagged call's lines. A Python
    // line is its file's whatever function the profile names it in:
    // Scalene names a free function called from a method after the
    // method's class ("Model.expensive"), and its lines name no function
    // at all (docs/traces.md).
    bool Python = isPythonFile(F.Location.File);
    std::vector<FunctionId> LineFns = Python ? functionsInFile(F, P) : Fns;
    bool HasLines = false;
    double LineWeight = 0;
    uint64_t LineCalls = 0;
    std::set<std::pair<FunctionId, unsigned>> Counted;
    for (FunctionId Fn : LineFns) {
      bool Own = !Python || llvm::is_contained(Fns, Fn);
      for (auto It = P.lines().lower_bound({Fn, 0});
           It != P.lines().end() && It->first.first == Fn; ++It) {
        HasLines |= Own;
        if (F.Call.contains(It->first.second)) {
          HasLines = true;
          LineWeight += It->second.Inclusive;
          Counted.insert(It->first);
          // A call spread over lines runs each of them: their largest hit
          // count is the calls' number.
          LineCalls = std::max(LineCalls, It->second.Calls);
        }
      }
    }
    if (HasLines) {
      // The code the fix changes elsewhere (a retyped container's fills)
      // counts with the call's, each line once.
      LineWeight += relatedLineWeight(F, P, Counted);
      // Where a line's time lacks the profiled code it calls (Scalene), a
      // call of a project module adds its forward's lines: the call runs
      // them, and the profile measured them there.
      if (Python && P.linesExcludeProfiledCallees() && isModelRule(F.RuleId) &&
          llvm::StringRef(F.Api).endswith(".forward"))
        for (FunctionId Id = 0; Id < P.functions().size(); ++Id)
          if (P.functions()[Id].Name == F.Api)
            LineWeight += P.functions()[Id].W.Inclusive;
      if (LineCalls)
        A.MeasuredCalls = LineCalls;
      if (!Python)
        A.PerItemFraction = perItemFraction(F, Fns, P);
      A.Evid = Evidence::Line;
      A.HotFraction = std::min(1.0, LineWeight / Total);
      continue;
    }
    // Function evidence: the calls the function makes to the flagged API.
    // torch.profiler names a module call "nn.Module: Linear_0" (Kineto's
    // python_function, export_stacks): a model call's frame.
    bool ModelCall = Python && isModelRule(F.RuleId);
    double FunctionWeight = 0;
    bool AnyEdge = false;
    uint64_t Calls = 0;
    for (FunctionId Fn : Fns)
      for (const CallGraph::Edge &E : P.callGraph().callees(Fn)) {
        AnyEdge = true;
        if (!Callees[I].count(
                withoutParameters(P.functions()[E.Callee].Name)) &&
            !(ModelCall && llvm::StringRef(P.functions()[E.Callee].Name)
                               .startswith("nn.Module: ")))
          continue;
        FunctionWeight += E.Weight;
        // Several of the API's names (a FAISS method and its Python wrapper)
        // are one call each: the most counted edge is the calls' number.
        Calls = std::max(Calls, E.Calls);
      }
    if (Calls)
      A.MeasuredCalls = Calls;
    // A Python operation without a callee of its own (`x in L`, `s += x`)
    // runs in the function's own frame: its self time is an upper bound,
    // split between the function's findings of that kind below.
    if (Callees[I].empty() && isPythonFile(F.Location.File)) {
      for (FunctionId Fn : Fns)
        FunctionWeight += P.functions()[Fn].W.Self;
      AnyEdge = true;
    }
    // FIXME: with no call edges at all (everything inlined, no lines), the
    // whole function's time is an upper bound for the call's.
    if (!AnyEdge)
      for (FunctionId Fn : Fns)
        FunctionWeight += P.functions()[Fn].W.Inclusive;
    FunctionWeight /= Sharing[{F.Function, Callees[I]}];
    A.Evid = Evidence::Function;
    A.HotFraction = std::min(1.0, FunctionWeight / Total);
  }
  return R;
}

} // namespace hotpath
