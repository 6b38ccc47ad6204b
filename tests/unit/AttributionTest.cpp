//===- AttributionTest.cpp - Measured shares and ranking by saving --------===//
#include "attribution/Attribution.h"
#include "model/CallGraph.h"
#include "ranking/Ranking.h"

#include <gtest/gtest.h>

namespace hotpath {
namespace {

Finding finding(const std::string &Rule, Category C, const std::string &Fn,
                unsigned Line, LineRange Loop) {
  Finding F;
  F.RuleId = Rule;
  F.Cat = C;
  F.Function = Fn;
  F.Location = {"src/app.cpp", Line, 3};
  F.Loop = Loop;
  F.Call = {Line, Line};
  F.Message = Rule;
  return F;
}

/// A profile of app: main -> svc::score (line 12) -> forward 55, score's
/// loop header (line 11) 5, score at line 20 5; main -> svc::load (line 30)
/// -> read 25; plus 10 of other code.
Profile sampleProfile(bool WithLines) {
  Profile P;
  P.setUnit("ns");
  auto Fr = [&](const char *Name, const char *File, unsigned Line) {
    return P.internFrame(
        {Name, WithLines ? File : "", WithLines ? Line : 0, "/bin/app", false});
  };
  NodeId Main = P.internCallsite(Profile::Root, Fr("main", "/src/app.cpp", 50));
  NodeId Score = P.internCallsite(Main, Fr("svc::score", "/src/app.cpp", 12));
  NodeId Fwd = P.internCallsite(Score, Fr("Net::forward", "/src/net.cpp", 5));
  NodeId ScoreLoop =
      P.internCallsite(Main, Fr("svc::score", "/src/app.cpp", 11));
  NodeId ScoreOut =
      P.internCallsite(Main, Fr("svc::score", "/src/app.cpp", 20));
  NodeId Load = P.internCallsite(Main, Fr("svc::load", "/src/app.cpp", 30));
  NodeId Read = P.internCallsite(Load, Fr("read", "", 0));
  NodeId Other = P.internCallsite(Profile::Root, Fr("other", "/src/o.cpp", 1));
  P.addSample(Fwd, 55);
  P.addSample(ScoreLoop, 5);
  P.addSample(ScoreOut, 5);
  P.addSample(Read, 25);
  P.addSample(Other, 10);
  P.finalize();
  return P;
}

StaticCallGraph sampleGraph() {
  StaticCallGraph G;
  FunctionNode Score;
  Score.Key = "c:@N@svc@F@score";
  Score.Name = "svc::score(const Net &)";
  Score.Location = {"src/app.cpp", 9, 1};
  Score.Calls.push_back({"c:@S@Net@F@forward", "Net::forward", 12, 11});
  G.addFunction(Score);
  FunctionNode Load;
  Load.Key = "c:@N@svc@F@load";
  Load.Name = "svc::load(int)";
  Load.Location = {"src/app.cpp", 28, 1};
  Load.Calls.push_back({"c:@F@read", "read", 30, 29});
  G.addFunction(Load);
  return G;
}

// The flame graph of the html report: frames of one function on one path
// (svc::score at lines 11, 12 and 20) are one box; children in name order;
// narrow boxes left out, their room kept.
TEST(Attribution, FlameGraphMergesFramesOfOneFunctionPerPath) {
  Profile P = sampleProfile(/*WithLines=*/true);
  auto Boxes = [&](double MinFraction) {
    std::vector<std::string> Out;
    for (const FlameBox &B : P.flameGraph(MinFraction))
      Out.push_back(P.functions()[B.Function].Name + " " +
                    std::to_string(B.Depth) + " " +
                    std::to_string(static_cast<int>(B.Start)) + " " +
                    std::to_string(static_cast<int>(B.Width)));
    return Out;
  };
  EXPECT_EQ(Boxes(0.05), (std::vector<std::string>{
                             "main 1 0 90", "svc::load 2 0 25", "read 3 0 25",
                             "svc::score 2 25 65", "Net::forward 3 25 55",
                             "other 1 90 10"}));
  EXPECT_EQ(Boxes(0.3),
            (std::vector<std::string>{"main 1 0 90", "svc::score 2 25 65",
                                      "Net::forward 3 25 55"}));
}

TEST(Attribution, NamesWithoutParameters) {
  EXPECT_EQ(withoutParameters("svc::score(const Net &) const"), "svc::score");
  EXPECT_EQ(withoutParameters("svc::score"), "svc::score");
  EXPECT_EQ(withoutParameters("Fn::operator()"), "Fn::operator()");
  EXPECT_EQ(withoutParameters("Fn::operator()(int)"), "Fn::operator()");
  EXPECT_TRUE(samePathSuffix("/src/app.cpp", "src/app.cpp"));
  EXPECT_FALSE(samePathSuffix("/src/myapp.cpp", "app.cpp"));
}

TEST(Attribution, LineEvidenceCountsTheFlaggedCallsLines) {
  Profile P = sampleProfile(/*WithLines=*/true);
  std::vector<Finding> F = {
      finding("batching-per-item-inference", Category::Batching,
              "svc::score(const Net &)", 12, {11, 13}),
      finding("caching-loop-invariant-call", Category::Caching,
              "svc::load(int)", 30, {29, 31}),
      // Same function, a loop the trace never sampled: cold.
      finding("micro-vector-reserve", Category::Micro,
              "svc::score(const Net &)", 16, {15, 17})};
  AttributionResult A = attribute(F, sampleGraph(), P);
  ASSERT_TRUE(A.TraceMatchesCode);
  EXPECT_EQ(A.PerFinding[0].Evid, Evidence::Line);
  // The call's line 12 (55), not the loop header's 5 at line 11.
  EXPECT_DOUBLE_EQ(*A.PerFinding[0].HotFraction, 0.55);
  EXPECT_DOUBLE_EQ(*A.PerFinding[1].HotFraction, 0.25);
  EXPECT_DOUBLE_EQ(*A.PerFinding[2].HotFraction, 0.0);
}

// A finding's related code (a retyped container's fills, in another
// function) counts with its call's lines; a line of both counts once.
TEST(Attribution, RelatedCodeCountsWithTheCallOnce) {
  Profile P = sampleProfile(/*WithLines=*/true);
  Finding Lookup =
      finding("data-structures-ordered-lookup", Category::DataStructures,
              "svc::score(const Net &)", 20, {19, 21});
  // svc::load's line 30 (25), and line 20 again (already the call's).
  Lookup.Related = {{"svc::load(int)", "src/app.cpp", {29, 31}},
                    {"svc::score(const Net &)", "src/app.cpp", {20, 20}},
                    // Not in the profile: adds nothing.
                    {"svc::unused()", "src/app.cpp", {1, 100}}};
  AttributionResult A = attribute({Lookup}, sampleGraph(), P);
  EXPECT_EQ(A.PerFinding[0].Evid, Evidence::Line);
  EXPECT_DOUBLE_EQ(*A.PerFinding[0].HotFraction, 0.30);
}

TEST(Attribution, FunctionEvidenceUsesTheCallsOfTheFlaggedApi) {
  Profile P = sampleProfile(/*WithLines=*/false);
  std::vector<Finding> F = {
      finding("batching-per-item-inference", Category::Batching,
              "svc::score(const Net &)", 12, {11, 13}),
      finding("caching-loop-invariant-call", Category::Caching,
              "svc::load(int)", 30, {29, 31})};
  F[0].Api = "Net::forward";
  AttributionResult A = attribute(F, sampleGraph(), P);
  ASSERT_TRUE(A.TraceMatchesCode);
  EXPECT_EQ(A.PerFinding[0].Evid, Evidence::Function);
  // score's calls to forward (55), not its own 10.
  EXPECT_DOUBLE_EQ(*A.PerFinding[0].HotFraction, 0.55);
  // load's call to read: the static call graph puts it on line 30.
  EXPECT_DOUBLE_EQ(*A.PerFinding[1].HotFraction, 0.25);
}

TEST(Attribution, FunctionEvidenceSplitsACalleeBetweenItsFindings) {
  Profile P = sampleProfile(/*WithLines=*/false);
  std::vector<Finding> F = {
      finding("batching-per-item-inference", Category::Batching,
              "svc::score(const Net &)", 12, {11, 13}),
      finding("batching-per-item-inference", Category::Batching,
              "svc::score(const Net &)", 14, {14, 15})};
  F[0].Api = F[1].Api = "Net::forward";
  AttributionResult A = attribute(F, sampleGraph(), P);
  EXPECT_DOUBLE_EQ(*A.PerFinding[0].HotFraction, 0.275);
  EXPECT_DOUBLE_EQ(*A.PerFinding[1].HotFraction, 0.275);
}

TEST(Attribution, OperatorEvidenceFromATraceOfLibraryOperations) {
  // A torch profiler trace: top-level ops only, no function of the code.
  Profile P;
  auto Op = [&](NodeId Parent, const char *Name) {
    return P.internCallsite(Parent, P.internFrame({Name, "", 0, "", false}));
  };
  NodeId Addmm = Op(Profile::Root, "aten::addmm");
  P.addSample(Addmm, 50);
  P.addSample(Op(Addmm, "aten::copy_"), 10); // inside the model: the model's
  P.addSample(Op(Profile::Root, "aten::to"), 15);
  NodeId To2 = Op(Profile::Root, "aten::_to_copy");
  P.addSample(Op(To2, "aten::copy_"), 5);
  P.addSample(Op(Profile::Root, "aten::select"), 20); // nobody's
  P.finalize();
  std::vector<Finding> F = {
      finding("batching-per-item-inference", Category::Batching,
              "svc::score(const Net &)", 12, {11, 13}),
      finding("batching-per-item-transfer", Category::Batching,
              "svc::score(const Net &)", 12, {11, 13}),
      finding("batching-per-item-transfer", Category::Batching,
              "svc::score(const Net &)", 13, {11, 13}),
      finding("batching-faiss-single-query", Category::Batching,
              "svc::score(const Net &)", 14, {11, 15})};
  F[0].Operators = {"Net::forward", "aten::addmm", "aten::linear"};
  // Two transfer APIs (.to and .cpu): one group, the kind's operations.
  F[1].Operators = {"at::Tensor::to", "aten::to", "aten::_to_copy",
                    "aten::copy_"};
  F[2].Operators = {"at::Tensor::cpu", "aten::to", "aten::_to_copy",
                    "aten::copy_"};
  F[3].Operators = {"faiss::IndexFlat::search", "faiss::*::search"};
  AttributionResult A = attribute(F, sampleGraph(), P);
  EXPECT_FALSE(A.TraceMatchesCode);
  EXPECT_TRUE(A.TraceMatchesOperators);
  EXPECT_EQ(A.PerFinding[0].Evid, Evidence::Operator);
  EXPECT_DOUBLE_EQ(*A.PerFinding[0].HotFraction, 0.60);
  // 15 + 5 split between the two transfers.
  EXPECT_DOUBLE_EQ(*A.PerFinding[1].HotFraction, 0.10);
  EXPECT_DOUBLE_EQ(*A.PerFinding[2].HotFraction, 0.10);
  // The trace cannot see FAISS: unmeasured, not cold.
  EXPECT_EQ(A.PerFinding[3].Evid, Evidence::Unmeasured);
  EXPECT_FALSE(A.PerFinding[3].HotFraction.has_value());
}

TEST(Attribution, ATraceOfAnotherProgramLeavesFindingsUnmeasured) {
  Profile P;
  P.internFrame({"unrelated", "", 0, "", false});
  P.addSample(P.internCallsite(Profile::Root, 0), 5);
  P.finalize();
  std::vector<Finding> F = {
      finding("caching-x", Category::Caching, "svc::load(int)", 30, {29, 31})};
  AttributionResult A = attribute(F, sampleGraph(), P);
  EXPECT_FALSE(A.TraceMatchesCode);
  EXPECT_FALSE(A.TraceMatchesOperators);
  EXPECT_FALSE(A.PerFinding[0].HotFraction.has_value());
  EXPECT_EQ(A.PerFinding[0].Evid, Evidence::Unmeasured);
}

TEST(Attribution, SameNameInAnotherFileIsNotAMatch) {
  // A Python program's `main` is not the C++ program's `main`.
  Profile P;
  P.internFrame({"load", "/py/toy.py", 4, "", false});
  P.addSample(P.internCallsite(Profile::Root, 0), 5);
  P.finalize();
  std::vector<Finding> F = {
      finding("caching-x", Category::Caching, "svc::load(int)", 30, {29, 31})};
  StaticCallGraph G = sampleGraph();
  FunctionNode Plain;
  Plain.Key = "c:@F@load";
  Plain.Name = "load()";
  Plain.Location = {"src/app.cpp", 40, 1};
  G.addFunction(Plain);
  EXPECT_FALSE(attribute(F, G, P).TraceMatchesCode);
}

/// A pstats-like profile of a Python service: main -> answer, which calls
/// FAISS's wrapper `replacement_search` 4000 times (60) and spends 15 in
/// its own frame; main -> embed -> `_call_impl` 300 times (20); 5 of other
/// code. Functions carry their `def` line, which is no cost line.
Profile pythonProfile() {
  Profile P;
  P.setUnit("s");
  auto Fn = [&](const char *Name, const char *File, unsigned Def) {
    FrameId F = P.internFrame({Name, File, 0, "", false});
    P.setFirstLine(F, Def);
    return F;
  };
  FrameId Main = Fn("main", "/home/u/svc/service.py", 80);
  FrameId Answer = Fn("answer", "/home/u/svc/service.py", 52);
  FrameId Embed = Fn("embed", "/home/u/svc/service.py", 36);
  FrameId Wrap =
      Fn("replacement_search",
         "/usr/lib/python3/dist-packages/faiss/class_wrappers.py", 301);
  FrameId Call = Fn("_call_impl",
                    "/usr/lib/python3/dist-packages/torch/nn/"
                    "modules/module.py",
                    1188);
  FrameId Other = Fn("other", "/home/u/svc/util.py", 3);
  P.addFunctionCost(Main, 0, 1);
  P.addFunctionCost(Answer, 15, 1);
  P.addFunctionCost(Wrap, 60, 4000);
  P.addFunctionCost(Embed, 0, 1);
  P.addFunctionCost(Call, 20, 300);
  P.addFunctionCost(Other, 5, 1);
  P.addCallCost(Main, Answer, 75, 1);
  P.addCallCost(Answer, Wrap, 60, 4000);
  P.addCallCost(Main, Embed, 20, 1);
  P.addCallCost(Embed, Call, 20, 300);
  P.finalize();
  return P;
}

Finding pythonFinding(const std::string &Rule, Category C,
                      const std::string &Fn, unsigned Line,
                      const std::string &Api) {
  Finding F = finding(Rule, C, Fn, Line, {Line - 1, Line + 1});
  F.Location.File = "svc/service.py";
  F.Api = Api;
  return F;
}

TEST(Attribution, PstatsDefLinesAreFirstLinesNotCostLines) {
  Profile P = pythonProfile();
  EXPECT_TRUE(P.lines().empty());
  const ProfileFunction &Answer = P.functions()[P.functionOf(1)];
  EXPECT_EQ(Answer.Name, "answer");
  EXPECT_EQ(Answer.FirstLine, 52u);
  EXPECT_EQ(Answer.W.Calls, 1u);
  std::vector<CallGraph::Edge> E = P.callGraph().callees(P.functionOf(1));
  ASSERT_EQ(E.size(), 1u);
  EXPECT_EQ(E[0].Calls, 4000u);
  EXPECT_DOUBLE_EQ(E[0].Weight, 60);
}

TEST(Attribution, PythonFindingsGetTheCallerEdgeOfTheirApiWithItsCount) {
  Profile P = pythonProfile();
  std::vector<Finding> F = {
      pythonFinding("batching-faiss-single-query", Category::Batching, "answer",
                    58, "faiss::Index::search"),
      pythonFinding("algorithmic-linear-search-in-loop", Category::Algorithmic,
                    "answer", 61, ""),
      pythonFinding("batching-per-item-inference", Category::Batching, "embed",
                    40, "encoder")};
  // No C++ function in the static call graph: the Python findings match.
  AttributionResult A = attribute(F, StaticCallGraph(), P);
  ASSERT_TRUE(A.TraceMatchesCode);
  // search from answer: the wrapper's 60 of 100, called 4000 times.
  EXPECT_EQ(A.PerFinding[0].Evid, Evidence::Function);
  EXPECT_DOUBLE_EQ(*A.PerFinding[0].HotFraction, 0.60);
  EXPECT_EQ(A.PerFinding[0].MeasuredCalls, std::optional<uint64_t>(4000));
  // `in` runs in answer's own frame: its self time (15), no count.
  EXPECT_DOUBLE_EQ(*A.PerFinding[1].HotFraction, 0.15);
  EXPECT_FALSE(A.PerFinding[1].MeasuredCalls.has_value());
  // A module call runs as nn.Module's `_call_impl`.
  EXPECT_DOUBLE_EQ(*A.PerFinding[2].HotFraction, 0.20);
  EXPECT_EQ(A.PerFinding[2].MeasuredCalls, std::optional<uint64_t>(300));
}

TEST(Attribution, APythonFindingInAnotherFileIsNotMatched) {
  // Hard negative: `answer` of another module is not this `answer`.
  Profile P = pythonProfile();
  std::vector<Finding> F = {pythonFinding("batching-faiss-single-query",
                                          Category::Batching, "answer", 58,
                                          "faiss::Index::search")};
  F[0].Location.File = "other/answers.py";
  AttributionResult A = attribute(F, StaticCallGraph(), P);
  EXPECT_FALSE(A.TraceMatchesCode);
  EXPECT_FALSE(A.PerFinding[0].HotFraction.has_value());
}

TEST(Attribution, PythonLinesAreTheFilesWhateverFunctionNamesThem) {
  // Scalene names a free function called from a method after the method's
  // class ("Model.answer") and its lines after the nearest function above:
  // a Python finding takes the samples on its call's lines in its file.
  Profile P;
  P.setUnit("s");
  FrameId Call =
      P.internFrame({"Model.answer", "svc/service.py", 58, "", false});
  FrameId Loop =
      P.internFrame({"Model.answer", "svc/service.py", 61, "", false});
  FrameId Elsewhere =
      P.internFrame({"Model.answer", "other/service.py", 58, "", false});
  P.addFunctionCost(Call, 6);
  P.addFunctionCost(Loop, 1);
  P.addFunctionCost(Elsewhere, 3);
  P.finalize();
  std::vector<Finding> F = {
      pythonFinding("batching-faiss-single-query", Category::Batching, "answer",
                    58, "faiss::Index::search"),
      // Hard negative: a finding whose call lines have no samples and whose
      // function the profile does not name is not measured by line.
      pythonFinding("batching-faiss-single-query", Category::Batching,
                    "build_index", 48, "faiss::Index::add")};
  AttributionResult A = attribute(F, StaticCallGraph(), P);
  EXPECT_TRUE(A.TraceMatchesCode);
  EXPECT_EQ(A.PerFinding[0].Evid, Evidence::Line);
  ASSERT_TRUE(A.PerFinding[0].HotFraction.has_value());
  EXPECT_DOUBLE_EQ(*A.PerFinding[0].HotFraction, 0.6);
  EXPECT_EQ(A.PerFinding[1].Evid, Evidence::Function);
  EXPECT_DOUBLE_EQ(A.PerFinding[1].HotFraction.value_or(-1), 0);
}

TEST(Attribution, ScaleneLinesAddTheProjectModulesForward) {
  // Scalene charges the encoder's time to Encoder.forward's own line 31,
  // not to the loop's line 40 that calls it: the per-item call of the
  // project module gets both. line_profiler's line 40 already includes
  // forward (a line's time includes the profiled code it calls): the hard
  // negative, the same profile without the flag, gets line 40 only.
  for (bool Scalene : {true, false}) {
    Profile P;
    P.setUnit("s");
    if (Scalene)
      P.setLinesExcludeProfiledCallees();
    P.addFunctionCost(
        P.internFrame({"embed_corpus", "svc/service.py", 40, "", false}), 1);
    P.addFunctionCost(
        P.internFrame({"Encoder.forward", "svc/service.py", 31, "", false}), 3);
    P.addFunctionCost(P.internFrame({"main", "svc/service.py", 90, "", false}),
                      6);
    P.finalize();
    std::vector<Finding> F = {pythonFinding("batching-per-item-inference",
                                            Category::Batching, "embed_corpus",
                                            40, "Encoder.forward")};
    AttributionResult A = attribute(F, StaticCallGraph(), P);
    EXPECT_EQ(A.PerFinding[0].Evid, Evidence::Line);
    EXPECT_DOUBLE_EQ(A.PerFinding[0].HotFraction.value_or(-1),
                     Scalene ? 0.4 : 0.1);
  }
}

TEST(Profile, CallCountsSaturateAndMerge) {
  Profile A, B;
  FrameId Fa = A.internFrame({"f", "/a.py", 0, "", false});
  FrameId Ga = A.internFrame({"g", "/a.py", 0, "", false});
  A.addFunctionCost(Fa, 1, UINT64_MAX - 1);
  A.addFunctionCost(Ga, 1, 2);
  A.addCallCost(Fa, Ga, 1, 2);
  FrameId Fb = B.internFrame({"f", "/a.py", 0, "", false});
  FrameId Gb = B.internFrame({"g", "/a.py", 0, "", false});
  B.addFunctionCost(Fb, 1, 5);
  B.addFunctionCost(Gb, 1, 3);
  B.addCallCost(Fb, Gb, 1, 3);
  ASSERT_FALSE(static_cast<bool>(A.merge(B)));
  A.finalize();
  ASSERT_FALSE(static_cast<bool>(A.checkValid()));
  EXPECT_EQ(A.functions()[A.functionOf(Fa)].W.Calls, UINT64_MAX);
  EXPECT_EQ(A.functions()[A.functionOf(Ga)].W.Calls, 5u);
  EXPECT_EQ(A.callGraph().edges().at(0).Calls, 5u);
}

TEST(Ranking, MeasuredBySavingThenUnmeasuredThenCold) {
  const PriorityTable T = llvm::cantFail(PriorityTable::loadBuiltin());
  std::vector<Finding> F = {
      finding("caching-big", Category::Caching, "f", 10, {9, 11}),
      finding("batching-small", Category::Batching, "f", 20, {19, 21}),
      finding("algorithmic-unmeasured", Category::Algorithmic, "g", 30,
              {29, 31}),
      finding("batching-cold", Category::Batching, "f", 40, {39, 41}),
      finding("caching-loop-invariant-call", Category::Caching, "f", 50,
              {49, 51}),
      finding("batching-calibrated", Category::Batching, "f", 60, {59, 61})};
  F[5].Speedup = SpeedupRange{2.0, 3.0, "measured"};
  std::vector<Attribution> A = {
      {0.50, Evidence::Line, std::nullopt},
      {0.20, Evidence::Line, std::nullopt},
      {std::nullopt, Evidence::Unmeasured, std::nullopt},
      {0.005, Evidence::Line, std::nullopt},
      {0.30, Evidence::Line, std::nullopt},
      {0.40, Evidence::Line, std::nullopt}};
  std::vector<RankedFinding> R = rankMeasured(F, A, T, 0.01);
  std::vector<std::string> Order;
  for (const RankedFinding &X : R)
    Order.push_back(X.F.RuleId + " " + X.Priority);
  // Each range by its geometric mean: caching 0.5 * (1 - 1/sqrt(20)) =
  // 0.388; hoisting 0.3 * (1 - 1/100) = 0.297; calibrated 0.4 * (1 -
  // 1/sqrt(6)) = 0.237 (beats the batching row's 10); batching 0.2 * 0.9.
  EXPECT_EQ(Order, (std::vector<std::string>{"caching-big high",
                                             "caching-loop-invariant-call high",
                                             "batching-calibrated critical",
                                             "batching-small critical",
                                             "algorithmic-unmeasured critical",
                                             "batching-cold skip (cold)"}));
  EXPECT_NEAR(*R[0].EstimatedSaving, 0.5 * (1 - 1 / std::sqrt(20.0)), 1e-12);
  EXPECT_EQ(R[0].Basis, RankedFinding::SpeedupBasis::Category);
  EXPECT_NEAR(*R[1].EstimatedSaving, 0.297, 1e-12);
  EXPECT_EQ(R[1].Basis, RankedFinding::SpeedupBasis::Rule);
  EXPECT_NEAR(*R[2].EstimatedSaving, 0.4 * (1 - 1 / std::sqrt(6.0)), 1e-12);
  EXPECT_EQ(R[2].Basis, RankedFinding::SpeedupBasis::Calibrated);
  EXPECT_NEAR(*R[3].EstimatedSaving, 0.18, 1e-12);
  // Two regions fixed: 1 / (1 - 0.388 - 0.297).
  EXPECT_NEAR(speedupIfFixed(R, 2),
              1 / (1 - *R[0].EstimatedSaving - *R[1].EstimatedSaving), 1e-12);
  EXPECT_NEAR(coveredShare(R), 1.0, 1e-12); // 1.405, capped
}

// Per-item work: of the samples on the flagged call's line, those in the
// catalog's per-item callee (below the call, on any path) set the part of
// the call batching leaves as it is; the speedup is Amdahl's.
TEST(Attribution, PerItemWorkIsTheCallsTimeInItsPerItemCallees) {
  Profile P;
  P.setUnit("ns");
  auto Fr = [&](const char *Name, unsigned Line) {
    return P.internFrame({Name, "/src/app.cpp", Line, "/bin/app", false});
  };
  NodeId Main = P.internCallsite(Profile::Root, Fr("main", 50));
  NodeId Call = P.internCallsite(Main, Fr("svc::retrieve", 12));
  NodeId Api = P.internCallsite(Call, Fr("faiss::IndexIVF::search", 0));
  NodeId Scan =
      P.internCallsite(Api, Fr("faiss::IndexIVF::search_preassigned", 0));
  NodeId Coarse = P.internCallsite(Api, Fr("faiss::IndexFlat::search", 0));
  // search_preassigned elsewhere (not under the call): not the call's.
  NodeId Other = P.internCallsite(Main, Fr("svc::other", 30));
  NodeId OtherScan =
      P.internCallsite(Other, Fr("faiss::IndexIVF::search_preassigned", 0));
  P.addSample(Scan, 30);
  P.addSample(Coarse, 8);
  P.addSample(Api, 2);
  P.addSample(OtherScan, 60);
  P.finalize();
  Finding F = finding("batching-faiss-single-query", Category::Batching,
                      "svc::retrieve(int)", 12, {11, 13});
  F.Api = "faiss::IndexIVF::search";
  F.Speedup = SpeedupRange{1.1, 2.7, "measured"};
  F.PerItem = PerItemWork{{"faiss::IndexIVF::search_preassigned"},
                          SpeedupRange{2.0, 8.0, "rest"}};
  StaticCallGraph G;
  FunctionNode Retrieve;
  Retrieve.Key = "c:@N@svc@F@retrieve";
  Retrieve.Name = "svc::retrieve(int)";
  Retrieve.Location = {"src/app.cpp", 10, 1};
  G.addFunction(Retrieve);
  AttributionResult A = attribute({F}, G, P);
  ASSERT_TRUE(A.TraceMatchesCode);
  EXPECT_DOUBLE_EQ(*A.PerFinding[0].HotFraction, 0.40);
  ASSERT_TRUE(A.PerFinding[0].PerItemFraction);
  EXPECT_DOUBLE_EQ(*A.PerFinding[0].PerItemFraction, 0.75);
  const PriorityTable T = llvm::cantFail(PriorityTable::loadBuiltin());
  std::vector<RankedFinding> R = rankMeasured({F}, A.PerFinding, T, 0.01);
  // The rest (25%) by the rest's geometric mean 4: 1 / (0.75 + 0.25 / 4).
  EXPECT_NEAR(R[0].ExpectedSpeedup, 1 / (0.75 + 0.25 / 4), 1e-12);
  EXPECT_NEAR(R[0].SpeedupLow, 1 / (0.75 + 0.25 / 2), 1e-12);
  EXPECT_NEAR(R[0].SpeedupHigh, 1 / (0.75 + 0.25 / 8), 1e-12);
  EXPECT_NEAR(*R[0].EstimatedSaving, 0.40 * (1 - (0.75 + 0.25 / 4)), 1e-12);
  EXPECT_EQ(R[0].Basis, RankedFinding::SpeedupBasis::Calibrated);
  // Without the callees in the trace (no stacks, or Python's pstats), the
  // call's calibrated range stands.
  Attribution NoStacks{0.40, Evidence::Function, std::nullopt};
  R = rankMeasured({F}, {NoStacks}, T, 0.01);
  EXPECT_NEAR(R[0].ExpectedSpeedup, std::sqrt(1.1 * 2.7), 1e-12);
  EXPECT_FALSE(R[0].PerItemFraction);
}

TEST(Ranking, MicroFindingsAreSkippedUnlessTheTraceSaysHot) {
  const PriorityTable T = llvm::cantFail(PriorityTable::loadBuiltin());
  std::vector<Finding> F = {
      finding("micro-hot", Category::Micro, "f", 10, {9, 11}),
      finding("micro-cold", Category::Micro, "f", 20, {19, 21}),
      finding("micro-unmeasured", Category::Micro, "g", 30, {29, 31})};
  std::vector<Attribution> A = {
      {0.40, Evidence::Line, std::nullopt},
      {0.001, Evidence::Line, std::nullopt},
      {std::nullopt, Evidence::Unmeasured, std::nullopt}};
  std::vector<RankedFinding> R = rankMeasured(F, A, T, 0.01);
  std::vector<std::string> Order;
  for (const RankedFinding &X : R)
    Order.push_back(X.F.RuleId + " " + X.Priority);
  EXPECT_EQ(Order,
            (std::vector<std::string>{"micro-hot low", "micro-unmeasured skip",
                                      "micro-cold skip (cold)"}));
}

} // namespace
} // namespace hotpath
