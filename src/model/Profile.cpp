//===- Profile.cpp --------------------------------------------------------===//
#include "model/Profile.h"
#include "model/CallGraph.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <set>

namespace hotpath {

Profile::Profile() : Graph(std::make_unique<CallGraph>()) {
  Nodes.push_back({Root, 0, 0}); // the root; its frame is never read
}
Profile::~Profile() = default;
Profile::Profile(Profile &&) = default;
Profile &Profile::operator=(Profile &&) = default;

FrameId Profile::internFrame(const Frame &F) {
  Finalized = false;
  auto Found = FrameIndex.find(F);
  if (Found != FrameIndex.end())
    return Found->second;
  // Memory stays bounded whatever the input names: past the limit, new
  // frames share one (their weight stays in the profile, counted).
  size_t Bytes = F.Name.size() + F.File.size() + F.Dso.size();
  if (F.Name != FramesBeyondLimit &&
      (Frames.size() >= MaxFrames || FrameBytes + Bytes > MaxFrameBytes)) {
    Stats.count(Severity::DataLoss,
                "distinct frames beyond " + std::to_string(MaxFrames) + " or " +
                    std::to_string(MaxFrameBytes >> 20) +
                    " MiB of names merged into " + FramesBeyondLimit);
    return internFrame({FramesBeyondLimit, "", 0, "", false});
  }
  FrameBytes += Bytes;
  FrameId Id = static_cast<FrameId>(Frames.size());
  FrameIndex.emplace(F, Id);
  Frames.push_back(F);
  return Id;
}

NodeId Profile::internCallsite(NodeId Parent, FrameId F) {
  uint64_t Key = (static_cast<uint64_t>(Parent) << 32) | F;
  Finalized = false;
  auto Found = NodeIndex.find(Key);
  if (Found != NodeIndex.end())
    return Found->second;
  // Past the limit a stack is cut where it would need a new node: its
  // weight stays with the deepest frame already known.
  if (Nodes.size() >= MaxNodes) {
    Stats.count(Severity::DataLoss, "calling contexts beyond " +
                                        std::to_string(MaxNodes) +
                                        ": stacks cut");
    return Parent;
  }
  NodeId Id = static_cast<NodeId>(Nodes.size());
  NodeIndex.emplace(Key, Id);
  Nodes.push_back({Parent, F, 0});
  return Id;
}

void Profile::addSample(NodeId Leaf, double Weight) {
  if (!std::isfinite(Weight) || Weight < 0 || Leaf >= Nodes.size()) {
    Stats.count(Severity::DataLoss, "invalid sample weight");
    return;
  }
  if (Leaf == Root)
    Leaf = internCallsite(Root, internFrame({Unattributed, "", 0, "", false}));
  Nodes[Leaf].Self += Weight;
  Finalized = false;
}

/// Counts come from untrusted traces: they saturate instead of wrapping.
static void addCount(uint64_t &To, uint64_t N) {
  To = N > UINT64_MAX - To ? UINT64_MAX : To + N;
}

void Profile::addFunctionCost(FrameId Function, double Self, uint64_t Calls) {
  FunctionSelf[Function] += Self;
  if (Calls)
    addCount(FunctionCalls[Function], Calls);
  Finalized = false;
}

void Profile::addCallCost(FrameId Caller, FrameId Callee, double Inclusive,
                          uint64_t Calls) {
  CallCost[{Caller, Callee}] += Inclusive;
  if (Calls)
    addCount(CallCount[{Caller, Callee}], Calls);
  Finalized = false;
}

void Profile::addLineTime(FrameId Line, double Inclusive) {
  LineTime[Line] += Inclusive;
  Finalized = false;
}

void Profile::setFirstLine(FrameId Function, unsigned Line) {
  unsigned &L = GivenFirstLine[Function];
  if (Line && (!L || Line < L))
    L = Line;
  Finalized = false;
}

void Profile::setInclusive(FrameId Function, double Inclusive) {
  GivenInclusive[Function] = Inclusive;
  Finalized = false;
}

llvm::Error Profile::merge(const Profile &Other) {
  if (!Unit.empty() && !Other.Unit.empty() && Unit != Other.Unit)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot merge a profile in '%s' into one "
                                   "in '%s'",
                                   Other.Unit.c_str(), Unit.c_str());
  if (Unit.empty())
    Unit = Other.Unit;
  // Merged lines exclude profiled callees only when every part's do.
  LinesExcludeCallees = Frames.empty()
                            ? Other.LinesExcludeCallees
                            : LinesExcludeCallees && Other.LinesExcludeCallees;
  std::vector<FrameId> FrameMap;
  for (const Frame &F : Other.Frames)
    FrameMap.push_back(internFrame(F));
  std::vector<NodeId> NodeMap(Other.Nodes.size(), Root);
  for (NodeId N = 1; N < Other.Nodes.size(); ++N) {
    const Node &O = Other.Nodes[N];
    NodeMap[N] = internCallsite(NodeMap[O.Parent], FrameMap[O.Frame]);
    Nodes[NodeMap[N]].Self += O.Self;
  }
  for (const auto &[F, W] : Other.FunctionSelf)
    FunctionSelf[FrameMap[F]] += W;
  for (const auto &[Key, W] : Other.CallCost)
    CallCost[{FrameMap[Key.first], FrameMap[Key.second]}] += W;
  for (const auto &[F, W] : Other.GivenInclusive)
    GivenInclusive[FrameMap[F]] += W;
  for (const auto &[F, N] : Other.FunctionCalls)
    addCount(FunctionCalls[FrameMap[F]], N);
  for (const auto &[Key, N] : Other.CallCount)
    addCount(CallCount[{FrameMap[Key.first], FrameMap[Key.second]}], N);
  for (const auto &[F, L] : Other.GivenFirstLine)
    setFirstLine(FrameMap[F], L);
  for (const auto &[F, W] : Other.LineTime)
    LineTime[FrameMap[F]] += W;
  Events += Other.Events;
  Stats.merge(Other.Stats);
  Finalized = false;
  return llvm::Error::success();
}

FunctionId Profile::functionFor(
    const Frame &F,
    std::map<std::tuple<std::string, std::string>, FunctionId> &Index) {
  std::string Where = F.File.empty() ? F.Dso : F.File;
  auto [It, Inserted] =
      Index.emplace(std::make_tuple(F.Name, Where),
                    static_cast<FunctionId>(Functions.size()));
  if (Inserted)
    Functions.push_back({F.Name, F.File, F.Dso, F.Line, {}});
  ProfileFunction &PF = Functions[It->second];
  if (F.Line && (!PF.FirstLine || F.Line < PF.FirstLine))
    PF.FirstLine = F.Line;
  return It->second;
}

static bool above(double A, double B) {
  return A > B + 1e-9 * std::max({1.0, std::fabs(A), std::fabs(B)});
}

void Profile::finalize() {
  if (Finalized)
    return;
  Functions.clear();
  Lines.clear();
  FrameFunction.clear();
  Total = 0;
  std::map<std::tuple<std::string, std::string>, FunctionId> Index;
  for (const Frame &F : Frames)
    FrameFunction.push_back(functionFor(F, Index));
  for (const auto &[F, L] : GivenFirstLine) {
    unsigned &First = Functions[FrameFunction[F]].FirstLine;
    if (L && (!First || L < First))
      First = L;
  }
  Graph->reset(Functions.size());
  finalizeTree();
  finalizeCallCosts();
  Finalized = true;
}

void Profile::finalizeTree() {
  // Nodes are created after their parent, so a reverse sweep sums subtrees.
  Subtree.assign(Nodes.size(), 0);
  for (size_t N = Nodes.size(); N-- > 1;) {
    Subtree[N] += Nodes[N].Self;
    Subtree[Nodes[N].Parent] += Subtree[N];
  }
  Total += Subtree[Root];
  std::vector<std::vector<NodeId>> Children(Nodes.size());
  for (NodeId N = 1; N < Nodes.size(); ++N)
    Children[Nodes[N].Parent].push_back(N);
  // Depth-first walk keeping what is on the current path, so that a sample
  // counts once per function, line and edge even under recursion.
  std::map<FunctionId, unsigned> OnPath;
  std::map<std::pair<FunctionId, unsigned>, unsigned> LineOnPath;
  std::map<std::pair<FunctionId, FunctionId>, unsigned> EdgeOnPath;
  struct Item {
    NodeId N;
    bool Leaving;
  };
  std::vector<Item> Work;
  for (auto It = Children[Root].rbegin(); It != Children[Root].rend(); ++It)
    Work.push_back({*It, false});
  while (!Work.empty()) {
    Item Cur = Work.back();
    Work.pop_back();
    const Node &Nd = Nodes[Cur.N];
    FunctionId Fn = FrameFunction[Nd.Frame];
    unsigned Line = Frames[Nd.Frame].Line;
    bool HasCaller = Nd.Parent != Root;
    FunctionId Caller = HasCaller ? FrameFunction[Nodes[Nd.Parent].Frame] : 0;
    if (Cur.Leaving) {
      --OnPath[Fn];
      if (Line)
        --LineOnPath[{Fn, Line}];
      if (HasCaller && Caller != Fn)
        --EdgeOnPath[{Caller, Fn}];
      continue;
    }
    Functions[Fn].W.Self += Nd.Self;
    if (OnPath[Fn]++ == 0)
      Functions[Fn].W.Inclusive += Subtree[Cur.N];
    if (Line) {
      Weights &LW = Lines[{Fn, Line}];
      LW.Self += Nd.Self;
      if (LineOnPath[{Fn, Line}]++ == 0)
        LW.Inclusive += Subtree[Cur.N];
    }
    if (HasCaller && Caller != Fn && EdgeOnPath[{Caller, Fn}]++ == 0)
      Graph->addWeight(Caller, Fn, Subtree[Cur.N]);
    Work.push_back({Cur.N, true});
    for (auto It = Children[Cur.N].rbegin(); It != Children[Cur.N].rend(); ++It)
      Work.push_back({*It, false});
  }
}

void Profile::finalizeCallCosts() {
  if (FunctionSelf.empty() && CallCost.empty() && LineTime.empty())
    return;
  std::map<FunctionId, double> SelfOf, OutOf;
  for (const auto &[F, W] : FunctionSelf) {
    FunctionId Fn = FrameFunction[F];
    SelfOf[Fn] += W;
    Total += W;
    if (unsigned Line = Frames[F].Line) {
      Lines[{Fn, Line}].Self += W;
      Lines[{Fn, Line}].Inclusive += W;
    }
  }
  for (const auto &[F, W] : LineTime)
    if (unsigned Line = Frames[F].Line)
      Lines[{FrameFunction[F], Line}].Inclusive += W;
  for (const auto &[F, N] : FunctionCalls) {
    if (unsigned Line = Frames[F].Line)
      addCount(Lines[{FrameFunction[F], Line}].Calls, N);
    else
      addCount(Functions[FrameFunction[F]].W.Calls, N);
  }
  for (const auto &[Key, W] : CallCost) {
    FunctionId Caller = FrameFunction[Key.first];
    FunctionId Callee = FrameFunction[Key.second];
    if (Caller == Callee)
      continue; // recursion: already inside the caller's inclusive cost
    auto Count = CallCount.find(Key);
    Graph->addWeight(Caller, Callee, W,
                     Count == CallCount.end() ? 0 : Count->second);
    OutOf[Caller] += W;
    if (unsigned Line = Frames[Key.first].Line)
      Lines[{Caller, Line}].Inclusive += W;
  }
  std::set<FunctionId> Seen;
  for (const auto &[Fn, W] : SelfOf)
    Seen.insert(Fn);
  for (const auto &[Fn, W] : OutOf)
    Seen.insert(Fn);
  for (FunctionId Fn : Seen) {
    Functions[Fn].W.Self += SelfOf[Fn];
    Functions[Fn].W.Inclusive += SelfOf[Fn] + OutOf[Fn];
  }
  for (const auto &[F, W] : GivenInclusive)
    Functions[FrameFunction[F]].W.Inclusive = W;
  repairCallCosts();
}

void Profile::repairCallCosts() {
  // Call-graph formats state every number separately. Records that
  // disagree (a call heavier than its callee, self above inclusive) are
  // brought to the nearest consistent value and counted: one bad record
  // must not make the whole file unusable, nor the profile invalid.
  const char *Raised = "inconsistent record: inclusive cost below self cost "
                       "(raised to the self cost)";
  const char *Capped = "inconsistent record: inclusive cost above the "
                       "profile's total (capped)";
  for (ProfileFunction &F : Functions) {
    if (above(F.W.Self, F.W.Inclusive)) {
      Stats.count(Severity::Error, Raised, F.Name);
      F.W.Inclusive = F.W.Self;
    }
    if (above(F.W.Inclusive, Total)) {
      Stats.count(Severity::Error, Capped, F.Name);
      F.W.Inclusive = Total;
    }
  }
  std::vector<CallGraph::Edge> Edges = Graph->edges();
  bool Changed = false;
  for (CallGraph::Edge &E : Edges) {
    double Max = std::min(Functions[E.Caller].W.Inclusive,
                          Functions[E.Callee].W.Inclusive);
    if (above(E.Weight, Max)) {
      Stats.count(Severity::Error,
                  "inconsistent record: a call costs more than its caller or "
                  "callee (capped)",
                  Functions[E.Caller].Name + " -> " + Functions[E.Callee].Name);
      E.Weight = Max;
      Changed = true;
    }
  }
  if (Changed) {
    Graph->reset(Functions.size());
    for (const CallGraph::Edge &E : Edges)
      Graph->addWeight(E.Caller, E.Callee, E.Weight, E.Calls);
  }
  for (auto &[Key, W] : Lines) {
    double Max = Functions[Key.first].W.Inclusive;
    if (above(W.Self, Max) || above(W.Inclusive, Max)) {
      Stats.count(Severity::Error,
                  "inconsistent record: a line costs more than its function "
                  "(capped)",
                  Functions[Key.first].Name + ":" + std::to_string(Key.second));
      W.Self = std::min(W.Self, Max);
      W.Inclusive = std::min(W.Inclusive, Max);
    }
    W.Inclusive = std::max(W.Inclusive, W.Self);
  }
}

llvm::Error Profile::checkValid() const {
  auto Fail = [](const std::string &What) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "invalid profile: %s", What.c_str());
  };
  if (!Finalized)
    return Fail("not finalized");
  if (FrameIndex.size() != Frames.size())
    return Fail("duplicate frames");
  for (NodeId N = 1; N < Nodes.size(); ++N)
    if (Nodes[N].Parent >= N || Nodes[N].Frame >= Frames.size())
      return Fail("dangling calling-context node " + std::to_string(N));
  double SelfSum = 0;
  for (const ProfileFunction &F : Functions) {
    if (F.W.Self < 0 || above(F.W.Self, F.W.Inclusive))
      return Fail("function '" + F.Name + "' has self > inclusive");
    if (above(F.W.Inclusive, Total))
      return Fail("function '" + F.Name + "' has inclusive > total");
    SelfSum += F.W.Self;
  }
  if (above(SelfSum, Total) || above(Total, SelfSum))
    return Fail("self weights add up to " + std::to_string(SelfSum) +
                ", not the total " + std::to_string(Total));
  for (const CallGraph::Edge &E : Graph->edges()) {
    if (E.Caller >= Functions.size() || E.Callee >= Functions.size())
      return Fail("dangling call-graph edge");
    if (above(E.Weight, Functions[E.Callee].W.Inclusive) ||
        above(E.Weight, Functions[E.Caller].W.Inclusive))
      return Fail("edge '" + Functions[E.Caller].Name + "' -> '" +
                  Functions[E.Callee].Name + "' weighs more than a side");
  }
  for (const auto &[Key, W] : Lines)
    if (above(W.Self, W.Inclusive) ||
        above(W.Inclusive, Functions[Key.first].W.Inclusive))
      return Fail("line " + std::to_string(Key.second) + " of '" +
                  Functions[Key.first].Name + "' exceeds its function");
  return llvm::Error::success();
}

std::vector<double> Profile::outermostWeights(const std::vector<int> &GroupOf,
                                              size_t Groups) const {
  std::vector<double> Out(Groups, 0);
  auto GroupOfFunction = [&](FunctionId F) {
    return F < GroupOf.size() ? GroupOf[F] : -1;
  };
  if (Nodes.size() > 1 && Subtree.size() == Nodes.size()) {
    // Parents precede their children: one forward sweep knows whether an
    // ancestor is already grouped.
    std::vector<int> Claimed(Nodes.size(), -1);
    for (NodeId N = 1; N < Nodes.size(); ++N) {
      int Up = Claimed[Nodes[N].Parent];
      if (Up >= 0) {
        Claimed[N] = Up;
        continue;
      }
      int G = GroupOfFunction(FrameFunction[Nodes[N].Frame]);
      if (G >= 0 && static_cast<size_t>(G) < Groups) {
        Claimed[N] = G;
        Out[G] += Subtree[N];
      }
    }
    return Out;
  }
  std::vector<double> FromGrouped(Functions.size(), 0);
  for (const CallGraph::Edge &E : Graph->edges())
    if (GroupOfFunction(E.Caller) >= 0)
      FromGrouped[E.Callee] += E.Weight;
  for (FunctionId F = 0; F < Functions.size(); ++F) {
    int G = GroupOfFunction(F);
    if (G >= 0 && static_cast<size_t>(G) < Groups)
      Out[G] += std::max(0.0, Functions[F].W.Inclusive - FromGrouped[F]);
  }
  return Out;
}

std::pair<double, double>
Profile::weightUnder(llvm::function_ref<bool(FrameId)> Anchor,
                     llvm::function_ref<bool(FunctionId)> Inner) const {
  double AnchorWeight = 0, InnerWeight = 0;
  if (Nodes.size() <= 1 || Subtree.size() != Nodes.size())
    return {0, 0};
  // Parents precede their children: 0 outside an anchor, 1 below one, 2
  // below an inner function below one.
  std::vector<uint8_t> State(Nodes.size(), 0);
  for (NodeId N = 1; N < Nodes.size(); ++N) {
    uint8_t Up = State[Nodes[N].Parent];
    if (Up == 0 && Anchor(Nodes[N].Frame)) {
      State[N] = 1;
      AnchorWeight += Subtree[N];
    } else if (Up == 1 && Inner(FrameFunction[Nodes[N].Frame])) {
      State[N] = 2;
      InnerWeight += Subtree[N];
    } else {
      State[N] = Up;
    }
  }
  return {AnchorWeight, InnerWeight};
}

std::vector<FlameBox> Profile::flameGraph(double MinFraction,
                                          unsigned MaxDepth) const {
  std::vector<FlameBox> Out;
  if (Nodes.size() <= 1 || Total <= 0)
    return Out;
  // Merge the calling-context nodes by function under each merged parent.
  // Nodes are interned parent first, so one pass maps them.
  struct Merged {
    FunctionId Function = 0;
    double Weight = 0;                      // inclusive, summed below
    std::map<std::string, size_t> Children; // by name, then id: ordered
  };
  std::vector<Merged> Tree(1);
  std::vector<size_t> MergedOf(Nodes.size(), 0);
  for (NodeId N = 1; N < Nodes.size(); ++N) {
    FunctionId Fn = FrameFunction[Nodes[N].Frame];
    size_t Parent = MergedOf[Nodes[N].Parent];
    std::string Key = Functions[Fn].Name + '\0' + std::to_string(Fn);
    auto [It, New] = Tree[Parent].Children.emplace(Key, Tree.size());
    if (New) {
      Tree.emplace_back();
      Tree.back().Function = Fn;
    }
    MergedOf[N] = It->second;
  }
  for (NodeId N = 1; N < Nodes.size(); ++N)
    Tree[MergedOf[N]].Weight += Nodes[N].Self;
  // Children come after their parents: sum inclusive weights backwards.
  std::vector<size_t> ParentOf(Tree.size(), 0);
  for (size_t M = 0; M < Tree.size(); ++M)
    for (const auto &[Name, C] : Tree[M].Children)
      ParentOf[C] = M;
  for (size_t M = Tree.size(); M-- > 1;)
    Tree[ParentOf[M]].Weight += Tree[M].Weight;
  const double MinWeight = MinFraction * Total;
  std::function<void(size_t, unsigned, double)> Lay =
      [&](size_t M, unsigned Depth, double Start) {
        for (const auto &[Name, C] : Tree[M].Children) {
          if (Tree[C].Weight >= MinWeight && Tree[C].Weight > 0 &&
              Depth <= MaxDepth) {
            Out.push_back({Tree[C].Function, Depth, Start, Tree[C].Weight});
            Lay(C, Depth + 1, Start);
          }
          Start += Tree[C].Weight;
        }
      };
  Lay(0, 1, 0);
  return Out;
}

std::vector<std::pair<FunctionId, double>> Profile::hotPath() const {
  std::vector<std::pair<FunctionId, double>> Path;
  const double MinWeight = 0.005 * Total;
  if (Nodes.size() > 1 && Subtree.size() == Nodes.size() && Subtree[Root] > 0) {
    std::vector<std::vector<NodeId>> Children(Nodes.size());
    for (NodeId N = 1; N < Nodes.size(); ++N)
      Children[Nodes[N].Parent].push_back(N);
    // A function is named once, at its outermost node on the path: a
    // recursive call's weight is inside the outer call's.
    std::set<FunctionId> OnPath;
    NodeId Cur = Root;
    while (true) {
      NodeId Best = Root;
      for (NodeId C : Children[Cur])
        if (Best == Root || Subtree[C] > Subtree[Best] ||
            (Subtree[C] == Subtree[Best] &&
             Functions[FrameFunction[Nodes[C].Frame]].Name <
                 Functions[FrameFunction[Nodes[Best].Frame]].Name))
          Best = C;
      if (Best == Root || Subtree[Best] < MinWeight)
        break;
      if (OnPath.insert(FrameFunction[Nodes[Best].Frame]).second)
        Path.emplace_back(FrameFunction[Nodes[Best].Frame], Subtree[Best]);
      Cur = Best;
    }
    return Path;
  }
  // Start at the heaviest function nobody else calls.
  const FunctionId None = ~0u;
  FunctionId Cur = None;
  for (FunctionId F = 0; F < Functions.size(); ++F)
    if (Graph->numCallers(F) == 0 &&
        (Cur == None || Functions[F].W.Inclusive > Functions[Cur].W.Inclusive ||
         (Functions[F].W.Inclusive == Functions[Cur].W.Inclusive &&
          Functions[F].Name < Functions[Cur].Name)))
      Cur = F;
  std::set<FunctionId> Visited;
  while (Cur != None && Visited.insert(Cur).second &&
         Functions[Cur].W.Inclusive >= MinWeight) {
    Path.emplace_back(Cur, Functions[Cur].W.Inclusive);
    std::vector<CallGraph::Edge> Next = Graph->callees(Cur);
    Cur = None;
    for (const CallGraph::Edge &E : Next)
      if (!Visited.count(E.Callee)) {
        Cur = E.Callee;
        break;
      }
  }
  return Path;
}

static std::string num(double V) {
  char Buf[64];
  std::snprintf(Buf, sizeof(Buf), "%.9g", V);
  return Buf;
}

std::string Profile::dump() const {
  std::vector<std::string> Out;
  Out.push_back("unit " + Unit);
  Out.push_back("total " + num(Total));
  Out.push_back("events " + std::to_string(Events));
  if (LinesExcludeCallees)
    Out.push_back("lines exclude profiled callees");
  auto Name = [&](FunctionId F) {
    const ProfileFunction &PF = Functions[F];
    return PF.Name + " [" + (PF.File.empty() ? PF.Dso : PF.File) + "]";
  };
  std::vector<std::string> Body;
  // Counts and first lines only where a trace states them, so that formats
  // without them keep their golden dumps.
  auto Calls = [](uint64_t N) {
    return N ? " calls=" + std::to_string(N) : std::string();
  };
  for (FunctionId F = 0; F < Functions.size(); ++F) {
    const ProfileFunction &PF = Functions[F];
    bool StatesFirst = PF.FirstLine && !GivenFirstLine.empty();
    Body.push_back(
        "function " + Name(F) + " self=" + num(PF.W.Self) +
        " inclusive=" + num(PF.W.Inclusive) + Calls(PF.W.Calls) +
        (StatesFirst ? " first_line=" + std::to_string(PF.FirstLine) : ""));
  }
  for (const auto &[Key, W] : Lines)
    Body.push_back("line " + Name(Key.first) + ":" +
                   std::to_string(Key.second) + " self=" + num(W.Self) +
                   " inclusive=" + num(W.Inclusive) + Calls(W.Calls));
  for (const CallGraph::Edge &E : Graph->edges())
    Body.push_back("edge " + Name(E.Caller) + " -> " + Name(E.Callee) + " " +
                   num(E.Weight) + Calls(E.Calls));
  std::sort(Body.begin(), Body.end());
  Out.insert(Out.end(), Body.begin(), Body.end());
  std::string Path = "hot_path";
  for (const auto &[F, W] : hotPath())
    Path += " > " + Name(F);
  Out.push_back(Path);
  for (const auto &[Key, E] : Stats.entries())
    Out.push_back(std::string("stat ") + severityName(Key.first) + " " +
                  Key.second + " " + std::to_string(E.Count) +
                  (E.FirstAt.empty() ? "" : " first at " + E.FirstAt));
  std::string Text;
  for (const std::string &L : Out)
    Text += L + "\n";
  return Text;
}

} // namespace hotpath
