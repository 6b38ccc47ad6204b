//===- TraceImportTest.cpp - Golden model dumps, Kineto traces, bad input -===//
//
// Golden files: tests/traces/<format>/<trace> has its canonical model dump
// in <trace>.expected. Regenerate them only on purpose:
//   build/tests/hotpath_unit_tests --gtest_filter='*TraceGolden*'
//   --update-golden
//
//===----------------------------------------------------------------------===//
#include "FixtureExpectations.h"

#include "model/CallGraph.h"
#include "traces/Importer.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <thread>

#include <sys/stat.h>

namespace hotpath::test {
namespace {

const std::string TraceDir = HOTPATH_SOURCE_DIR "/tests/traces";

/// Imports without DWARF symbolization, so results depend on the file only.
llvm::Expected<ImportedTrace> load(const std::string &Path) {
  ImportOptions Opts;
  Opts.Symbolize = false;
  return importTrace(Path, Opts);
}

bool updateGolden() {
  for (const std::string &Arg : ::testing::internal::GetArgvs())
    if (Arg == "--update-golden")
      return true;
  return false;
}

std::vector<std::string> goldenTraces() {
  std::vector<std::string> Out;
  for (const char *Format :
       {"perf_script", "folded", "chrome_json", "callgrind", "pstats",
        "speedscope", "pprof", "line_profiler", "scalene"}) {
    std::error_code EC;
    for (llvm::sys::fs::directory_iterator It(TraceDir + "/" + Format, EC), End;
         It != End && !EC; It.increment(EC))
      if (llvm::sys::path::extension(It->path()) != ".expected")
        Out.push_back(std::string(Format) + "/" +
                      llvm::sys::path::filename(It->path()).str());
  }
  std::sort(Out.begin(), Out.end());
  return Out;
}

std::string dumpOf(const ImportedTrace &T) {
  return "format " + T.Format + "\n" + T.P.dump();
}

class TraceGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(TraceGolden, ModelDumpMatches) {
  std::string Path = TraceDir + "/" + GetParam();
  // Hermetic: the dump depends on the file only, not on binaries installed
  // here (DWARF symbolization has its own test against perf).
  ImportOptions Opts;
  Opts.Symbolize = false;
  llvm::Expected<ImportedTrace> T = importTrace(Path, Opts);
  ASSERT_TRUE(static_cast<bool>(T)) << toString(T.takeError());
  std::string Dump = dumpOf(*T);
  std::string Golden = Path + ".expected";
  if (updateGolden()) {
    std::ofstream(Golden) << Dump;
    GTEST_SKIP() << "updated " << Golden;
  }
  ASSERT_TRUE(llvm::sys::fs::exists(Golden))
      << Golden << " is missing; run with --update-golden";
  EXPECT_EQ(Dump, readFile(Golden));
}

INSTANTIATE_TEST_SUITE_P(Traces, TraceGolden,
                         ::testing::ValuesIn(goldenTraces()),
                         [](const ::testing::TestParamInfo<std::string> &Info) {
                           std::string Name = Info.param;
                           for (char &C : Name)
                             if (!std::isalnum(static_cast<unsigned char>(C)))
                               C = '_';
                           return Name;
                         });

TEST(TraceImport, FormatsAreDetectedByContentNotName) {
  std::vector<std::pair<std::string, std::string>> Expected = {
      {"perf_script/toy-fp.perf.txt", "perf-script"},
      {"folded/toy.folded", "folded"},
      {"chrome_json/torch-legacy.json", "chrome-json"},
      {"callgrind/callgrind.out.toy", "callgrind"},
      {"pstats/toy.pstats", "pstats"},
      {"line_profiler/toy.lprof", "line-profiler"},
      {"line_profiler/toy.lprof.txt", "line-profiler"},
      {"scalene/toy.scalene.json", "scalene"},
      {"speedscope/toy-sampled.speedscope.json", "speedscope"},
      {"pprof/toy.pb.gz", "pprof"}};
  llvm::SmallString<128> Dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("hotpath-sniff", Dir));
  for (const auto &[File, Format] : Expected) {
    // The same bytes under a misleading name, and gzipped.
    std::string Plain = std::string(Dir) + "/trace.json";
    std::string Data = readFile(TraceDir + "/" + File);
    std::ofstream(Plain, std::ios::binary) << Data;
    llvm::Expected<ImportedTrace> T = load(Plain);
    ASSERT_TRUE(static_cast<bool>(T)) << toString(T.takeError());
    EXPECT_EQ(T->Format, Format) << File;
    if (Data.size() > 2 && Data[0] == '\x1f' && Data[1] == '\x8b')
      continue; // already gzipped (pprof)
    std::string Gz = std::string(Dir) + "/trace.bin";
    gzFile G = gzopen(Gz.c_str(), "wb");
    gzwrite(G, Data.data(), Data.size());
    gzclose(G);
    llvm::Expected<ImportedTrace> TG = load(Gz);
    ASSERT_TRUE(static_cast<bool>(TG)) << toString(TG.takeError());
    EXPECT_EQ(TG->Format, Format) << File << " gzipped";
    EXPECT_EQ(dumpOf(*TG), dumpOf(*T)) << File << " gzipped";
  }
}

TEST(TraceImport, MergingTwoTracesOfTheSameProgramAddsUp) {
  llvm::Expected<ImportedTrace> A =
      load(TraceDir + "/perf_script/toy-fp.perf.txt");
  llvm::Expected<ImportedTrace> B =
      load(TraceDir + "/perf_script/toy-dwarf.perf.txt");
  ASSERT_TRUE(A && B);
  double Sum = A->P.total() + B->P.total();
  ASSERT_FALSE(static_cast<bool>(A->P.merge(B->P)));
  A->P.finalize();
  ASSERT_FALSE(static_cast<bool>(A->P.checkValid()));
  EXPECT_DOUBLE_EQ(A->P.total(), Sum);
  llvm::Expected<ImportedTrace> C =
      load(TraceDir + "/callgrind/callgrind.out.toy");
  ASSERT_TRUE(static_cast<bool>(C));
  llvm::Error E = A->P.merge(C->P);
  ASSERT_TRUE(static_cast<bool>(E));
  EXPECT_EQ(toString(std::move(E)),
            "cannot merge a profile in 'Ir' into one in 'ns'");
}

/// name [file] -> (self, inclusive); lines as "file:line" -> inclusive.
std::map<std::string, std::pair<double, double>> functionsOf(const Profile &P) {
  std::map<std::string, std::pair<double, double>> Out;
  for (const ProfileFunction &F : P.functions())
    Out[F.Name + " [" + F.File + "]"] = {F.W.Self, F.W.Inclusive};
  for (const auto &[Key, W] : P.lines())
    Out[P.functions()[Key.first].File + ":" + std::to_string(Key.second)] = {
        W.Self, W.Inclusive};
  return Out;
}

TEST(TraceImport, TheSameProfileInEveryFormatGivesTheSameModel) {
  // export_formats.py rewrote these traces in other formats; importing any
  // of them must give the same functions, lines and weights.
  auto PerfSrc = load(TraceDir + "/perf_script/toy-srcline.perf.txt");
  auto Sampled = load(TraceDir + "/speedscope/toy-sampled.speedscope.json");
  auto Pprof = load(TraceDir + "/pprof/toy.pb.gz");
  ASSERT_TRUE(PerfSrc && Sampled && Pprof);
  EXPECT_EQ(functionsOf(Sampled->P), functionsOf(PerfSrc->P));
  EXPECT_EQ(functionsOf(Pprof->P), functionsOf(PerfSrc->P));
  auto Legacy = load(TraceDir + "/chrome_json/torch-legacy.json");
  auto Evented = load(TraceDir + "/speedscope/torch-evented.speedscope.json");
  ASSERT_TRUE(Legacy && Evented);
  auto A = functionsOf(Legacy->P), B = functionsOf(Evented->P);
  ASSERT_EQ(A.size(), B.size());
  for (auto ItA = A.begin(), ItB = B.begin(); ItA != A.end(); ++ItA, ++ItB) {
    EXPECT_EQ(ItA->first, ItB->first);
    EXPECT_NEAR(ItA->second.first, ItB->second.first, 1e-6);
    EXPECT_NEAR(ItA->second.second, ItB->second.second, 1e-6);
  }
}

TEST(TraceImport, PprofInlinedLinesBecomeInlinedFrames) {
  auto Pprof = load(TraceDir + "/pprof/toy.pb.gz");
  ASSERT_TRUE(static_cast<bool>(Pprof));
  bool Inlined = false;
  for (const Frame &F : Pprof->P.frames())
    Inlined |= F.Inlined && F.Name == "toy::expensive";
  EXPECT_TRUE(Inlined);
}

// --- Format details, on small inputs written here ---

class FormatDetail : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("hotpath-fmt", Dir));
  }
  ImportedTrace import(const std::string &Name, const std::string &Data) {
    std::string Path = std::string(Dir) + "/" + Name;
    std::ofstream(Path, std::ios::binary) << Data;
    llvm::Expected<ImportedTrace> T = load(Path);
    if (!T) {
      ADD_FAILURE() << toString(T.takeError());
      return {};
    }
    return std::move(*T);
  }
  static std::string path(const Profile &P) {
    std::string Out;
    for (const auto &[F, W] : P.hotPath())
      Out += (Out.empty() ? "" : " > ") + P.functions()[F].Name;
    return Out;
  }
  static const ProfileFunction &fn(const Profile &P, const std::string &N) {
    for (const ProfileFunction &F : P.functions())
      if (F.Name == N)
        return F;
    static ProfileFunction None;
    ADD_FAILURE() << "no function " << N;
    return None;
  }
  llvm::SmallString<128> Dir;
};

TEST_F(FormatDetail, PythonFramesAreLinkedByPythonParentId) {
  ImportedTrace T = import("py.json", R"({"traceEvents": [
{"ph":"X","cat":"python_function","name":"train.py(20): train_step","pid":1,"tid":1,"ts":0,"dur":100,"args":{"Python parent id":null,"Python id":1}},
{"ph":"X","cat":"python_function","name":"model.py(7): forward","pid":1,"tid":1,"ts":10,"dur":95,"args":{"Python parent id":1,"Python id":2}},
{"ph":"X","cat":"cpu_op","name":"aten::addmm","pid":1,"tid":1,"ts":20,"dur":30,"args":{"External id":5}}]})");
  // forward ends after train_step (partial overlap) but names it as parent.
  EXPECT_EQ(path(T.P), "train_step > forward > aten::addmm");
  EXPECT_DOUBLE_EQ(T.P.total(), 100);
  EXPECT_EQ(fn(T.P, "forward").File, "model.py");
  EXPECT_EQ(fn(T.P, "forward").FirstLine, 7u);
  // The line in "model.py(7): forward" is the def line: no cost line.
  EXPECT_TRUE(T.P.lines().empty());
  EXPECT_DOUBLE_EQ(fn(T.P, "forward").W.Self, 65);
  EXPECT_DOUBLE_EQ(fn(T.P, "train_step").W.Inclusive, 100);
}

TEST_F(FormatDetail, StackFramesAndSamples) {
  ImportedTrace T = import("sf.json", R"({"traceEvents": [],
"stackFrames": {"1": {"name": "main", "category": "app"},
                "2": {"name": "work", "parent": "1"},
                "3": {"name": "idle", "parent": 1}},
"samples": [{"sf": "2", "weight": 3, "tid": 1, "ts": 0},
            {"sf": 2, "tid": 1, "ts": 1}, {"sf": "3", "tid": 1, "ts": 2},
            {"sf": "9", "tid": 1, "ts": 3}]})");
  // The sample with an unknown frame is kept as [unattributed].
  EXPECT_DOUBLE_EQ(T.P.total(), 6);
  EXPECT_DOUBLE_EQ(fn(T.P, Profile::Unattributed).W.Self, 1);
  EXPECT_DOUBLE_EQ(fn(T.P, "work").W.Self, 4);
  EXPECT_DOUBLE_EQ(fn(T.P, "main").W.Inclusive, 5);
  EXPECT_EQ(T.P.stats()
                .entries()
                .at({Severity::DataLoss, "sample with unknown stack frame"})
                .Count,
            1u);
}

TEST_F(FormatDetail, PerfCommWithSpacesAndUnknownFrames) {
  ImportedTrace T =
      import("v8.perf.txt", "# ========\n# captured on: x\n"
                            "V8 WorkerThread 25607/25610 [002] 100.000001: "
                            "1000 cpu-clock:u: \n"
                            "\t    1234 work+0x10 (/opt/app)\n"
                            "\t    1200 main+0x5 (/opt/app)\n\n"
                            "V8 WorkerThread 25607/25610 [002] 100.000002: "
                            "3000 cpu-clock:u: \n"
                            "\t    1234 work+0x10 (/opt/app)\n"
                            "\t    5678 [unknown] ([unknown])\n\n");
  EXPECT_EQ(T.Format, "perf-script");
  EXPECT_EQ(T.P.events(), 2u);
  EXPECT_DOUBLE_EQ(T.P.total(), 4000);
  EXPECT_DOUBLE_EQ(fn(T.P, "work").W.Self, 4000);
  EXPECT_DOUBLE_EQ(fn(T.P, "[unknown]").W.Inclusive, 3000);
  EXPECT_EQ(fn(T.P, "[unknown]").Dso, "[unknown]");
}

TEST_F(FormatDetail, CallgrindPartsAndNameCompression) {
  ImportedTrace T = import("callgrind.out.1", R"(# callgrind format
version: 1
creator: callgrind-3.19.0
positions: line
events: Ir Dr
part: 1
fl=(1) a.c
fn=(1) main
10 5 1
cfn=(2) work
calls=1 20
+1 100
fn=(2) work
20 60
+2 40
totals: 105

part: 2
fl=(1)
fn=(1)
10 7
totals: 7
)");
  EXPECT_EQ(T.P.unit(), "Ir");
  EXPECT_DOUBLE_EQ(T.P.total(), 112); // self costs of both parts
  EXPECT_DOUBLE_EQ(fn(T.P, "main").W.Self, 12);
  EXPECT_DOUBLE_EQ(fn(T.P, "main").W.Inclusive, 112);
  EXPECT_DOUBLE_EQ(fn(T.P, "work").W.Inclusive, 100);
  // Relative positions: work's second cost line is line 22.
  const Profile &P = T.P;
  FunctionId Work = 0;
  for (FunctionId F = 0; F < P.functions().size(); ++F)
    if (P.functions()[F].Name == "work")
      Work = F;
  EXPECT_DOUBLE_EQ(P.lines().at({Work, 22}).Self, 40);
  EXPECT_TRUE(T.P.stats().entries().empty());
}

TEST_F(FormatDetail, PySpyFramesAndRecursionCountOnce) {
  ImportedTrace T = import(
      "py.folded", "<module> (app.py:10);main (app.py:4);"
                   "fact (app.py:20);fact (app.py:21);fact (app.py:21) 6\n"
                   "<module> (app.py:10);main (app.py:5) 4\n");
  EXPECT_EQ(T.Format, "folded");
  EXPECT_DOUBLE_EQ(T.P.total(), 10);
  const ProfileFunction &Fact = fn(T.P, "fact");
  EXPECT_EQ(Fact.File, "app.py");
  // Three recursive frames, one sample: counted once.
  EXPECT_DOUBLE_EQ(Fact.W.Inclusive, 6);
  EXPECT_DOUBLE_EQ(Fact.W.Self, 6);
  FunctionId FactId = 0, Main = 0;
  for (FunctionId F = 0; F < T.P.functions().size(); ++F) {
    if (T.P.functions()[F].Name == "fact")
      FactId = F;
    if (T.P.functions()[F].Name == "main")
      Main = F;
  }
  EXPECT_DOUBLE_EQ(T.P.lines().at({FactId, 21}).Inclusive, 6);
  EXPECT_DOUBLE_EQ(T.P.lines().at({Main, 5}).Self, 4);
  for (const CallGraph::Edge &E : T.P.callGraph().edges())
    EXPECT_NE(E.Caller, E.Callee) << "no self edge for recursion";
}

// --- The five real Kineto traces in ../shared ---

TEST(KinetoTraces, ImportWithTotalsThatAddUp) {
  std::string Dir = HOTPATH_SOURCE_DIR "/../shared/traces/kineto";
  if (!llvm::sys::fs::is_directory(Dir))
    GTEST_SKIP() << Dir
                 << " not found: the real Kineto traces live in the "
                    "shared folder beside the repository";
  std::vector<std::pair<std::string, uint64_t>> Traces = {
      {"rank-34.Jul_15_10_52_41.1074.pt.trace.json.gz", 30},
      {"benchmark_result_493459_1694039959_trace.json.gz", 1348},
      {"rank-0.Apr_03_18_51_38.1102.pt.trace.json.gz", 68692},
      {"control.json.gz", 109123},
      {"tb_sample_2021.json.gz", 75718}};
  for (const auto &[File, Events] : Traces) {
    llvm::Expected<ImportedTrace> T = load(Dir + "/" + File);
    ASSERT_TRUE(static_cast<bool>(T))
        << File << ": " << toString(T.takeError());
    EXPECT_EQ(T->Format, "chrome-json");
    EXPECT_EQ(T->P.events(), Events) << File;
    EXPECT_FALSE(T->Truncated) << File;
    double SelfSum = 0;
    for (const ProfileFunction &F : T->P.functions())
      SelfSum += F.W.Self;
    EXPECT_NEAR(SelfSum, T->P.total(), 1e-6 * T->P.total()) << File;
    EXPECT_GT(T->P.total(), 0) << File;
    EXPECT_EQ(T->P.stats().count(Severity::DataLoss), 0u) << File;
  }
}

// --- Bad input: never a crash or a hang ---

class BadInput : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("hotpath-bad", Dir));
  }
  std::string write(const std::string &Name, const std::string &Data) {
    std::string Path = std::string(Dir) + "/" + Name;
    std::ofstream(Path, std::ios::binary) << Data;
    return Path;
  }
  /// The fatal error for `Path`; fails the test when the import succeeds.
  std::string fatal(const std::string &Path) {
    llvm::Expected<ImportedTrace> T = load(Path);
    if (T) {
      ADD_FAILURE() << Path << " imported";
      return "";
    }
    std::string Msg = toString(T.takeError());
    EXPECT_EQ(Msg.rfind(Path + ": ", 0), 0u) << "error does not name the file";
    return Msg.substr(Path.size() + 2);
  }
  llvm::SmallString<128> Dir;
};

TEST_F(BadInput, EmptyFile) {
  EXPECT_EQ(fatal(write("empty.txt", "")), "empty file");
  EXPECT_EQ(fatal(write("blank.txt", "\n \n")), "empty file");
}

TEST_F(BadInput, UnknownFormat) {
  EXPECT_EQ(fatal(write("notes.txt", "hello world\nnothing here\n")),
            "unknown trace format (expected perf script, perf.data, folded "
            "stacks, Chrome/Kineto JSON, callgrind, pstats, line_profiler, "
            "Scalene JSON, speedscope or pprof)");
}

TEST_F(BadInput, JsonTruncatedMidEvent) {
  std::string Path = write(
      "cut.json", R"([{"ph":"X","name":"a","ts":0,"dur":5,"pid":1,"tid":1},
{"ph":"X","name":"b","ts":1,"dur":2,"pid":1,"tid":1},{"ph":"X","na)");
  llvm::Expected<ImportedTrace> T = load(Path);
  ASSERT_TRUE(static_cast<bool>(T)) << toString(T.takeError());
  EXPECT_TRUE(T->Truncated);
  EXPECT_EQ(T->P.events(), 2u);
  EXPECT_DOUBLE_EQ(T->P.total(), 5);
  auto It = T->P.stats().entries().find({Severity::DataLoss, TruncatedKind});
  ASSERT_NE(It, T->P.stats().entries().end());
  EXPECT_EQ(It->second.FirstAt, "byte 121"); // the file size
}

TEST_F(BadInput, JsonMissingClosingBracketIsTolerated) {
  llvm::Expected<ImportedTrace> T =
      load(write("open.json",
                 R"([{"ph":"X","name":"a","ts":0,"dur":5,"pid":1,"tid":1},)"));
  ASSERT_TRUE(static_cast<bool>(T)) << toString(T.takeError());
  EXPECT_FALSE(T->Truncated);
  EXPECT_DOUBLE_EQ(T->P.total(), 5);
  EXPECT_EQ(T->P.stats().count(Severity::Info), 1u);
}

TEST_F(BadInput, TruncatedPerfSample) {
  std::string Good = readFile(TraceDir + "/perf_script/toy-fp.perf.txt");
  // Cut inside the last sample's call chain, mid-line.
  size_t Cut = Good.rfind("main+");
  std::string Path = write("cut.perf.txt", Good.substr(0, Cut + 3));
  llvm::Expected<ImportedTrace> T = load(Path);
  ASSERT_TRUE(static_cast<bool>(T)) << toString(T.takeError());
  EXPECT_TRUE(T->Truncated);
  llvm::Expected<ImportedTrace> Full =
      load(TraceDir + "/perf_script/toy-fp.perf.txt");
  ASSERT_TRUE(static_cast<bool>(Full));
  EXPECT_EQ(T->P.events() + 1, Full->P.events());
}

TEST_F(BadInput, CorruptAndTruncatedGzip) {
  std::string Data = readFile(TraceDir + "/perf_script/toy-fp.perf.txt");
  std::string GzPath = std::string(Dir) + "/t.gz";
  gzFile G = gzopen(GzPath.c_str(), "wb");
  gzwrite(G, Data.data(), Data.size());
  gzclose(G);
  std::string Gz = readFile(GzPath);
  std::string Corrupt = Gz;
  for (size_t I = Corrupt.size() / 2; I < Corrupt.size() / 2 + 64; ++I)
    Corrupt[I] = static_cast<char>(Corrupt[I] ^ 0x5a);
  std::string Msg = fatal(write("corrupt.gz", Corrupt));
  EXPECT_NE(Msg.find("corrupt gzip data at byte"), std::string::npos) << Msg;
  Msg = fatal(write("short.gz", Gz.substr(0, Gz.size() / 2)));
  EXPECT_NE(Msg.find("gzip data at byte"), std::string::npos) << Msg;
}

TEST_F(BadInput, HundredMegabyteLine) {
  std::string Path = std::string(Dir) + "/long.folded";
  {
    std::ofstream Out(Path, std::ios::binary);
    Out << "main;a 10\n";
    std::string Chunk(1 << 20, 'x');
    for (int I = 0; I < 100; ++I)
      Out << Chunk;
    Out << " 7\nmain;b 5\n";
  }
  llvm::Expected<ImportedTrace> T = load(Path);
  ASSERT_TRUE(static_cast<bool>(T)) << toString(T.takeError());
  EXPECT_DOUBLE_EQ(T->P.total(), 15);
  auto It = T->P.stats().entries().find(
      {Severity::DataLoss, "line longer than 1 MiB"});
  ASSERT_NE(It, T->P.stats().entries().end());
  EXPECT_EQ(It->second.FirstAt, "line 2");
}

TEST_F(BadInput, JsonNestedAMillionLevels) {
  std::string Deep = "[{\"args\":" + std::string(1000000, '[');
  std::string Msg = fatal(write("deep.json", Deep));
  EXPECT_EQ(Msg.rfind("JSON nested deeper than 64 levels near byte ", 0), 0u)
      << Msg;
}

TEST_F(BadInput, NaNIsInvalidJson) {
  std::string Msg = fatal(
      write("nan.json",
            R"([{"ph":"X","name":"a","ts":NaN,"dur":5,"pid":1,"tid":1}])"));
  // Byte 28 is the N.
  EXPECT_EQ(Msg.rfind("invalid JSON at byte 28: ", 0), 0u) << Msg;
}

TEST_F(BadInput, NegativeDurationsAndUnmatchedEndAreCounted) {
  llvm::Expected<ImportedTrace> T = load(write("neg.json", R"([
{"ph":"X","name":"ok","ts":0,"dur":4,"pid":1,"tid":1},
{"ph":"X","name":"neg","ts":1,"dur":-3,"pid":1,"tid":1},
{"ph":"E","name":"orphan","ts":9,"pid":1,"tid":1},
{"ph":"B","name":"open","ts":10,"pid":1,"tid":2},
{"ph":"B","name":"b","ts":20,"pid":1,"tid":1},
{"ph":"E","ts":26,"pid":1,"tid":1}])"));
  ASSERT_TRUE(static_cast<bool>(T)) << toString(T.takeError());
  const auto &S = T->P.stats().entries();
  EXPECT_EQ(S.at({Severity::DataLoss, "negative duration"}).Count, 1u);
  EXPECT_EQ(S.at({Severity::Error, "E event without B"}).Count, 1u);
  EXPECT_EQ(S.at({Severity::DataLoss, "B event without E"}).Count, 1u);
  EXPECT_DOUBLE_EQ(T->P.total(), 10); // ok (4) + b (6)
}

// --- Issue 12: defects fuzzing found, each with its minimised input ---

TEST_F(BadInput, SpeedscopeMembersOfTheWrongTypeAreCounted) {
  // A number where a string is expected, a frame index past the frames,
  // an array where an object is expected, a weight of 1e308.
  llvm::Expected<ImportedTrace> T = load(write("types.speedscope.json", R"({
"$schema":"https://www.speedscope.app/file-format-schema.json",
"shared":{"frames":[{"name":7,"file":[1]},{"name":"ok","line":-3}]},
"profiles":[
 {"type":"sampled","unit":5,"samples":[[0,1],[0,9],[99999999999],7],
  "weights":[2,3,4,1e308]},
 [1,2],
 {"type":"evented","unit":"none","events":[{"type":"O","frame":1,"at":"x"},
  {"type":"O","frame":1,"at":0},{"type":"C","frame":1,"at":1e301}]}]})"));
  ASSERT_TRUE(static_cast<bool>(T)) << toString(T.takeError());
  const auto &S = T->P.stats().entries();
  EXPECT_EQ(S.at({Severity::DataLoss, "sample with a bad frame index"}).Count,
            2u);
  EXPECT_EQ(S.at({Severity::DataLoss, "sample with a bad weight"}).Count, 1u);
  EXPECT_EQ(S.at({Severity::DataLoss, "malformed event"}).Count, 2u);
  EXPECT_DOUBLE_EQ(T->P.total(), 2); // the one good sample
  // The frame whose name was a number is "[unnamed]".
  bool Unnamed = false;
  for (const ProfileFunction &F : T->P.functions())
    Unnamed |= F.Name == "[unnamed]";
  EXPECT_TRUE(Unnamed);
  // Not an object at all.
  EXPECT_EQ(fatal(write("shared.speedscope.json",
                        R"({"$schema":"https://www.speedscope.app/file-format-)"
                        R"(schema.json","shared":[1],"profiles":[]})")),
            "speedscope file without shared.frames");
}

TEST_F(BadInput, HugeNumbersAreRangeChecked) {
  llvm::Expected<ImportedTrace> T = load(write("huge.json", R"([
{"ph":"X","name":"a","ts":0,"dur":5,"pid":1e300,"tid":-1e300},
{"ph":"X","name":"b","ts":1e305,"dur":2,"pid":1,"tid":1},
{"ph":"X","name":"c","ts":1,"dur":1e305,"pid":1,"tid":1}])"));
  ASSERT_TRUE(static_cast<bool>(T)) << toString(T.takeError());
  EXPECT_EQ(T->P.stats()
                .entries()
                .at({Severity::DataLoss, "X event without a valid ts or dur"})
                .Count,
            2u);
  EXPECT_DOUBLE_EQ(T->P.total(), 5);
}

TEST_F(BadInput, LineProfilerPicklesAreReadNeverRun) {
  // A pickle header naming LineStats, then what a hostile file could hold.
  const std::string Head("\x80\x05\x8c\x0dline_profiler\x8c\x09LineStats\x93"
                         ")\x81",
                         29);
  EXPECT_EQ(fatal(write("cut.lprof", Head)),
            "invalid pickle: unexpected end of file at byte 29");
  // An opcode that would run code elsewhere (INST) is refused, not run.
  EXPECT_EQ(fatal(write("inst.lprof", Head + "i")),
            "invalid pickle: unsupported pickle opcode 0x69 at byte 30");
  // A memo reference to a slot never set, and one far past the file.
  EXPECT_EQ(fatal(write("memo.lprof", Head + "h\x07")),
            "invalid pickle: memo reference to an unset slot at byte 31");
  EXPECT_EQ(fatal(write("bigmemo.lprof", Head + "r\xff\xff\xff\x7f")),
            "invalid pickle: memo index out of range at byte 34");
  // A list that contains itself (memo) is a value, not a loop; the object
  // has no timings, which is the error.
  EXPECT_EQ(fatal(write("cycle.lprof", Head + std::string("]\x94h\x00"
                                                          "a.",
                                                          6))),
            "not a line_profiler result (no 'timings' dict)");
  // A string longer than the file.
  EXPECT_EQ(fatal(write("long.lprof", Head + "X\xff\xff\xff\x0f")),
            "invalid pickle: string runs past the end of the file at byte 34");
}

TEST_F(BadInput, LineProfilerTextRowsAreCheckedAndCounted) {
  llvm::Expected<ImportedTrace> T =
      load(write("bad.lprof.txt", R"(Timer unit: 1e-06 s

Total time: 3e-06 s
File: /app/x.py
Function: f at line 1

Line #      Hits         Time  Per Hit   % Time  Line Contents
==============================================================
     1                                           def f():
     2         1          2.0      2.0     66.7      a = 1
     3         x          1.0      1.0     33.3      b = 2
     4         1         -1.0      1.0     33.3      c = 3
     5         1          1.0      1.0     33.3      d = 4

Function: broken
)"));
  ASSERT_TRUE(static_cast<bool>(T)) << toString(T.takeError());
  EXPECT_EQ(T->Format, "line-profiler");
  // Lines 2 and 5 count; 3 (hits not a number) and 4 (negative time) are
  // data loss, as is the Function line without "at line N".
  EXPECT_DOUBLE_EQ(T->P.total(), 3e-6);
  EXPECT_EQ(T->P.stats()
                .entries()
                .at({Severity::DataLoss, "malformed line row"})
                .Count,
            2u);
  EXPECT_EQ(T->P.stats()
                .entries()
                .at({Severity::DataLoss, "malformed Function line"})
                .Count,
            1u);
  EXPECT_EQ(T->P.lines().size(), 2u);
}

TEST_F(BadInput, ScaleneEntriesAreCheckedAndLinesFindTheirFunction) {
  // f (first line 1, 30%) holds a nested g (first line 3, 10%); line 5 is
  // f's code after g's body, line 9 module code after f. Line 6 has a
  // negative share, line 7 a share above 100, line 0 is no line.
  llvm::Expected<ImportedTrace> T = load(write("s.json", R"({
 "elapsed_time_sec": 2.0,
 "files": {"app.py": {
  "functions": [
   {"line": "g", "lineno": 3, "n_cpu_percent_c": 10.0},
   {"line": "f", "lineno": 1, "n_cpu_percent_python": 20.0,
    "n_cpu_percent_c": 10.0},
   {"line": "", "lineno": 8, "n_cpu_percent_c": 1.0}],
  "lines": [
   {"lineno": 2, "n_cpu_percent_python": 5.0},
   {"lineno": 4, "n_cpu_percent_c": 10.0},
   {"lineno": 5, "n_cpu_percent_python": 15.0, "n_cpu_percent_c": 10.0},
   {"lineno": 6, "n_cpu_percent_python": -1.0},
   {"lineno": 7, "n_sys_percent": 1e9},
   {"lineno": 0, "n_cpu_percent_python": 1.0},
   {"lineno": 9, "n_cpu_percent_python": 40.0}]}}})"));
  ASSERT_TRUE(static_cast<bool>(T)) << toString(T.takeError());
  EXPECT_EQ(T->Format, "scalene");
  std::map<std::string, double> Lines;
  for (const auto &[Key, W] : T->P.lines())
    Lines[T->P.functions()[Key.first].Name + ":" + std::to_string(Key.second)] =
        W.Self;
  EXPECT_EQ(
      Lines,
      (std::map<std::string, double>{
          {"f:2", 0.1}, {"g:4", 0.2}, {"f:5", 0.5}, {"<module>:9", 0.8}}));
  // 5 + 10 + 25 + 40 = 80% on lines: the other 20% is kept apart, so that
  // each line's share of the total stays Scalene's.
  EXPECT_DOUBLE_EQ(T->P.total(), 2.0);
  EXPECT_EQ(T->P.stats()
                .entries()
                .at({Severity::DataLoss, "malformed line entry"})
                .Count,
            3u);
  EXPECT_EQ(T->P.stats()
                .entries()
                .at({Severity::DataLoss, "malformed function entry"})
                .Count,
            1u);
  EXPECT_EQ(fatal(write("nofiles.json",
                        R"({"elapsed_time_sec": 1, "max_footprint_mb": 0})")),
            "Scalene JSON without a 'files' object");
  EXPECT_EQ(fatal(write("noelapsed.json",
                        R"({"elapsed_time_sec": -1, "files": {}})")),
            "Scalene JSON without a valid elapsed_time_sec");
}

TEST_F(BadInput, InconsistentCallgrindRecordsAreRepairedNotFatal) {
  // main's call to f claims 900 inclusive; f itself costs 10.
  llvm::Expected<ImportedTrace> T =
      load(write("callgrind.out.bad", "# callgrind format\n"
                                      "events: Ir\n"
                                      "fn=main\n"
                                      "1 5\n"
                                      "cfn=f\n"
                                      "calls=1 2\n"
                                      "1 900\n"
                                      "fn=f\n"
                                      "2 10\n"
                                      "totals: 1e300\n"));
  ASSERT_TRUE(static_cast<bool>(T)) << toString(T.takeError());
  if (llvm::Error E = T->P.checkValid())
    ADD_FAILURE() << toString(std::move(E));
  size_t Repaired = 0;
  for (const auto &[Key, E] : T->P.stats().entries())
    Repaired += Key.second.rfind("inconsistent record", 0) == 0 ? E.Count : 0;
  EXPECT_GE(Repaired, 1u);
}

TEST_F(BadInput, FrameTextIsBoundedAndWeightKept) {
  // 70 functions with ~1 MiB names (lines are at most 1 MiB), compressed:
  // past 64 MiB of names the
  // profile merges new frames and the name table stops keeping definitions;
  // every cost line still counts, and the profile stays valid.
  std::string Trace = "# callgrind format\nevents: Ir\n";
  for (int I = 0; I < 70; ++I)
    Trace += "fn=(" + std::to_string(I) + ") " +
             std::string((1 << 20) - 64, 'f') + std::to_string(I) + "\n1 1\n";
  for (int I = 0; I < 70; ++I)
    Trace += "fn=(" + std::to_string(I) + ")\n1 1\n";
  llvm::Expected<ImportedTrace> T = load(write("names.callgrind", Trace));
  ASSERT_TRUE(static_cast<bool>(T)) << toString(T.takeError());
  if (llvm::Error E = T->P.checkValid())
    ADD_FAILURE() << toString(std::move(E));
  EXPECT_DOUBLE_EQ(T->P.total(), 140);
  const auto &Stats = T->P.stats().entries();
  EXPECT_EQ(Stats.count({Severity::DataLoss,
                         "compressed names beyond the table's bound not kept"}),
            1u);
  EXPECT_EQ(Stats.count({Severity::DataLoss,
                         "distinct frames beyond 1048576 or 64 MiB of names "
                         "merged into [frames beyond the limit]"}),
            1u);
  EXPECT_EQ(Stats.count({Severity::DataLoss, "reference to an undefined name"}),
            1u);
  // 64 names of ~1 MiB fit in 64 MiB; the undefined references keep their
  // "(id)" as the name.
  EXPECT_EQ(llvm::count_if(T->P.frames(),
                           [](const Frame &F) { return F.Name.size() > 1000; }),
            64);
}

TEST_F(BadInput, OnlyRegularFilesAndPipesAreOpened) {
  EXPECT_EQ(fatal(std::string(Dir)), "is a directory, not a trace");
  llvm::Expected<ImportedTrace> Zero = load("/dev/zero");
  ASSERT_FALSE(static_cast<bool>(Zero));
  EXPECT_EQ(toString(Zero.takeError()),
            "/dev/zero: not a regular file or a pipe");
}

TEST_F(BadInput, APipeIsStreamedNotRewound) {
  std::string Fifo = std::string(Dir) + "/trace.fifo";
  ASSERT_EQ(mkfifo(Fifo.c_str(), 0600), 0);
  std::string Data = readFile(TraceDir + "/folded/toy.folded");
  std::thread Writer([&] { std::ofstream(Fifo, std::ios::binary) << Data; });
  llvm::Expected<ImportedTrace> T = load(Fifo);
  Writer.join();
  ASSERT_TRUE(static_cast<bool>(T)) << toString(T.takeError());
  llvm::Expected<ImportedTrace> File = load(TraceDir + "/folded/toy.folded");
  ASSERT_TRUE(static_cast<bool>(File));
  EXPECT_EQ(T->P.dump(), File->P.dump());
}

TEST_F(BadInput, ConcatenatedGzipMembersReadAsOne) {
  std::string GzPath = std::string(Dir) + "/two.gz";
  for (const char *Part : {"main;a 3\n", "main;b 4\n"}) {
    gzFile G = gzopen(GzPath.c_str(), "ab");
    gzputs(G, Part);
    gzclose(G);
  }
  llvm::Expected<ImportedTrace> T = load(GzPath);
  ASSERT_TRUE(static_cast<bool>(T)) << toString(T.takeError());
  EXPECT_DOUBLE_EQ(T->P.total(), 7);
}

} // namespace
} // namespace hotpath::test
