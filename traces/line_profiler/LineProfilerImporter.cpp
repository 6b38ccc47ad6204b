//===- LineProfilerImporter.cpp -------------------------------------------===//
#include "traces/line_profiler/LineProfilerImporter.h"
#include "traces/common/InputFile.h"

#include "llvm/ADT/StringExtras.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <set>

namespace hotpath {

namespace {

/// One line's measurement and one profiled function's lines.
struct LineTiming {
  unsigned Line = 0;
  uint64_t Hits = 0;
  double Seconds = 0;
};
struct FunctionTiming {
  std::string File, Name;
  unsigned FirstLine = 0;
  std::vector<LineTiming> Lines;
};

uint64_t countOf(double N) {
  if (!(N > 0))
    return 0;
  return N >= 1.8e19 ? UINT64_MAX : static_cast<uint64_t>(N);
}

unsigned lineOf(double N) {
  return N > 0 && N < 4.0e9 ? static_cast<unsigned>(N) : 0;
}

//===-- The pickle machine ------------------------------------------------===//

/// A value the pickle built. Values live in the reader's arena and refer to
/// each other by pointer, so a pickle that makes a container contain itself
/// (memo references allow it) leaks nothing; the extraction below walks a
/// fixed shape and never follows references generically.
struct PValue {
  enum Kind { None, Bool, Int, Float, Str, Tuple, List, Dict, Global, Object };
  Kind K = None;
  double Num = 0;
  std::string S; ///< string, or "module name" of a global / class
  std::vector<PValue *> Items;
  std::vector<std::pair<PValue *, PValue *>> Entries;
  PValue *State = nullptr; ///< an object's BUILD state
};

class PickleReader {
public:
  explicit PickleReader(llvm::StringRef Data) : Data(Data) {}
  std::string Error;

  /// The pickled value, or null with Error set.
  PValue *run() {
    while (true) {
      uint8_t Op;
      if (!byte(Op))
        return nullptr;
      if (Op == '.') {
        if (Stack.empty() || Stack.back() == nullptr)
          return fail("STOP with an empty stack");
        return Stack.back();
      }
      if (!step(Op))
        return nullptr;
    }
  }

private:
  llvm::StringRef Data;
  size_t Pos = 0;
  std::vector<std::unique_ptr<PValue>> Arena;
  /// nullptr is a MARK.
  std::vector<PValue *> Stack;
  std::vector<PValue *> Memo;

  PValue *fail(const std::string &What) {
    if (Error.empty())
      Error = What + " at byte " + std::to_string(Pos);
    return nullptr;
  }
  PValue *make(PValue::Kind K) {
    Arena.push_back(std::make_unique<PValue>());
    Arena.back()->K = K;
    return Arena.back().get();
  }
  bool byte(uint8_t &B) {
    if (Pos >= Data.size())
      return fail("unexpected end of file"), false;
    B = static_cast<uint8_t>(Data[Pos++]);
    return true;
  }
  bool little(size_t N, uint64_t &V) {
    if (Data.size() - Pos < N)
      return fail("unexpected end of file"), false;
    V = 0;
    for (size_t I = 0; I < N; ++I)
      V |= uint64_t(static_cast<uint8_t>(Data[Pos + I])) << (8 * I);
    Pos += N;
    return true;
  }
  bool bytes(uint64_t N, std::string &Out) {
    if (N > Data.size() - Pos)
      return fail("string runs past the end of the file"), false;
    Out.assign(Data.data() + Pos, N);
    Pos += N;
    return true;
  }
  bool textLine(std::string &Out) {
    size_t End = Data.find('\n', Pos);
    if (End == llvm::StringRef::npos)
      return fail("unterminated text argument"), false;
    Out = Data.substr(Pos, End - Pos).str();
    Pos = End + 1;
    return true;
  }
  PValue *pop() {
    if (Stack.empty() || Stack.back() == nullptr)
      return fail("stack underflow");
    PValue *V = Stack.back();
    Stack.pop_back();
    return V;
  }
  /// The values above the topmost MARK, which is removed.
  bool popMark(std::vector<PValue *> &Out) {
    size_t I = Stack.size();
    while (I > 0 && Stack[I - 1] != nullptr)
      --I;
    if (I == 0)
      return fail("no MARK on the stack"), false;
    Out.assign(Stack.begin() + I, Stack.end());
    Stack.resize(I - 1);
    return true;
  }
  bool push(PValue *V) {
    Stack.push_back(V);
    return V != nullptr;
  }
  PValue *number(PValue::Kind K, double N) {
    PValue *V = make(K);
    V->Num = N;
    return V;
  }
  PValue *string(std::string S) {
    PValue *V = make(PValue::Str);
    V->S = std::move(S);
    return V;
  }
  bool memoGet(uint64_t I) {
    if (I >= Memo.size() || !Memo[I])
      return fail("memo reference to an unset slot"), false;
    return push(Memo[I]);
  }
  bool memoPut(uint64_t I) {
    if (Stack.empty() || !Stack.back())
      return fail("memo of an empty stack"), false;
    // Slots come from the file: a huge index must not allocate.
    if (I > Memo.size() + (1u << 20))
      return fail("memo index out of range"), false;
    if (I >= Memo.size())
      Memo.resize(I + 1, nullptr);
    Memo[I] = Stack.back();
    return true;
  }
  bool setItems(PValue *Dict, const std::vector<PValue *> &KV) {
    if (Dict->K != PValue::Dict || KV.size() % 2)
      return fail("SETITEMS on a non-dict or an odd item count"), false;
    for (size_t I = 0; I < KV.size(); I += 2)
      Dict->Entries.emplace_back(KV[I], KV[I + 1]);
    return true;
  }
  bool appendItems(PValue *List, const std::vector<PValue *> &Items) {
    if (List->K != PValue::List)
      return fail("APPENDS on a non-list"), false;
    List->Items.insert(List->Items.end(), Items.begin(), Items.end());
    return true;
  }

  bool step(uint8_t Op) {
    uint64_t N = 0;
    std::string S;
    std::vector<PValue *> Items;
    switch (Op) {
    case 0x80: // PROTO
      return little(1, N);
    case 0x95: // FRAME
      return little(8, N);
    case '(':
      Stack.push_back(nullptr);
      return true;
    case 'N':
      return push(make(PValue::None));
    case 0x88:
    case 0x89:
      return push(number(PValue::Bool, Op == 0x88));
    case 'K':
      return little(1, N) && push(number(PValue::Int, double(N)));
    case 'M':
      return little(2, N) && push(number(PValue::Int, double(N)));
    case 'J':
      return little(4, N) &&
             push(number(PValue::Int, double(int32_t(uint32_t(N)))));
    case 0x8a: { // LONG1: little-endian two's complement
      if (!little(1, N))
        return false;
      uint64_t Len = N, V = 0;
      if (Len > 8) { // beyond int64: a magnitude, not exact
        if (!bytes(Len, S))
          return false;
        return push(number(PValue::Int, 1.8e19));
      }
      if (!little(Len, V))
        return false;
      if (Len && Len < 8 && (V >> (8 * Len - 1)) & 1)
        V |= ~uint64_t(0) << (8 * Len);
      return push(number(PValue::Int, double(int64_t(V))));
    }
    case 'G': { // BINFLOAT, big-endian
      if (Data.size() - Pos < 8)
        return fail("unexpected end of file"), false;
      uint64_t Bits = 0;
      for (int I = 0; I < 8; ++I)
        Bits = Bits << 8 | static_cast<uint8_t>(Data[Pos + I]);
      Pos += 8;
      double D;
      std::memcpy(&D, &Bits, sizeof D);
      return push(number(PValue::Float, D));
    }
    case 0x8c: // SHORT_BINUNICODE
    case 'U':  // SHORT_BINSTRING
    case 'C':  // SHORT_BINBYTES
      return little(1, N) && bytes(N, S) && push(string(std::move(S)));
    case 'X': // BINUNICODE
    case 'T': // BINSTRING
    case 'B': // BINBYTES
      return little(4, N) && bytes(N, S) && push(string(std::move(S)));
    case 0x8d: // BINUNICODE8
    case 0x8e: // BINBYTES8
      return little(8, N) && bytes(N, S) && push(string(std::move(S)));
    case ')':
      return push(make(PValue::Tuple));
    case ']':
      return push(make(PValue::List));
    case '}':
      return push(make(PValue::Dict));
    case 0x85:
    case 0x86:
    case 0x87: {
      size_t Count = Op - 0x84;
      if (Stack.size() < Count)
        return fail("stack underflow"), false;
      PValue *T = make(PValue::Tuple);
      for (size_t I = Stack.size() - Count; I < Stack.size(); ++I) {
        if (!Stack[I])
          return fail("MARK inside a tuple"), false;
        T->Items.push_back(Stack[I]);
      }
      Stack.resize(Stack.size() - Count);
      return push(T);
    }
    case 't': {
      if (!popMark(Items))
        return false;
      PValue *T = make(PValue::Tuple);
      T->Items = std::move(Items);
      return push(T);
    }
    case 'l': { // LIST (protocol 0/1)
      if (!popMark(Items))
        return false;
      PValue *L = make(PValue::List);
      L->Items = std::move(Items);
      return push(L);
    }
    case 'd': { // DICT (protocol 0/1)
      if (!popMark(Items))
        return false;
      PValue *D = make(PValue::Dict);
      return setItems(D, Items) && push(D);
    }
    case 's': {
      PValue *V = pop(), *K = V ? pop() : nullptr;
      if (!K || Stack.empty() || !Stack.back())
        return fail("SETITEM without a dict"), false;
      return setItems(Stack.back(), {K, V});
    }
    case 'u':
      if (!popMark(Items))
        return false;
      if (Stack.empty() || !Stack.back())
        return fail("SETITEMS without a dict"), false;
      return setItems(Stack.back(), Items);
    case 'a': {
      PValue *V = pop();
      if (!V || Stack.empty() || !Stack.back())
        return fail("APPEND without a list"), false;
      return appendItems(Stack.back(), {V});
    }
    case 'e':
      if (!popMark(Items))
        return false;
      if (Stack.empty() || !Stack.back())
        return fail("APPENDS without a list"), false;
      return appendItems(Stack.back(), Items);
    case 0x94: // MEMOIZE
      return memoPut(Memo.size());
    case 'q':
      return little(1, N) && memoPut(N);
    case 'r':
      return little(4, N) && memoPut(N);
    case 'h':
      return little(1, N) && memoGet(N);
    case 'j':
      return little(4, N) && memoGet(N);
    case 0x93: { // STACK_GLOBAL
      PValue *Name = pop(), *Module = Name ? pop() : nullptr;
      if (!Module || Module->K != PValue::Str || Name->K != PValue::Str)
        return fail("STACK_GLOBAL without two strings"), false;
      PValue *G = make(PValue::Global);
      G->S = Module->S + " " + Name->S;
      return push(G);
    }
    case 'c': { // GLOBAL "module\nname\n"
      std::string Module, Name;
      if (!textLine(Module) || !textLine(Name))
        return false;
      PValue *G = make(PValue::Global);
      G->S = Module + " " + Name;
      return push(G);
    }
    case 0x81:  // NEWOBJ cls args
    case 'R': { // REDUCE callable args
      PValue *Args = pop(), *Cls = Args ? pop() : nullptr;
      if (!Cls || Cls->K != PValue::Global)
        return fail("object of something that is not a class name"), false;
      PValue *O = make(PValue::Object);
      O->S = Cls->S;
      O->Items.push_back(Args);
      return push(O);
    }
    case 'b': { // BUILD
      PValue *State = pop();
      if (!State || Stack.empty() || !Stack.back() ||
          Stack.back()->K != PValue::Object)
        return fail("BUILD without an object"), false;
      Stack.back()->State = State;
      return true;
    }
    case '0': // POP
      return pop() != nullptr;
    default: {
      char Buf[8];
      std::snprintf(Buf, sizeof(Buf), "0x%02x", Op);
      return fail(std::string("unsupported pickle opcode ") + Buf), false;
    }
    }
  }
};

const PValue *member(const PValue &Dict, llvm::StringRef Key) {
  if (Dict.K != PValue::Dict)
    return nullptr;
  for (const auto &[K, V] : Dict.Entries)
    if (K->K == PValue::Str && K->S == Key)
      return V;
  return nullptr;
}

bool numeric(const PValue *V, double &Out) {
  if (!V ||
      (V->K != PValue::Int && V->K != PValue::Float && V->K != PValue::Bool))
    return false;
  Out = V->Num;
  return std::isfinite(Out);
}

/// The timings of an unpickled LineStats (or of its bare state dict).
llvm::Error fromPickle(const std::string &Path, llvm::StringRef Data,
                       ImportStats &Stats, std::vector<FunctionTiming> &Out) {
  PickleReader R(Data);
  const PValue *Root = R.run();
  if (!Root)
    return traceError(Path, "invalid pickle: " + R.Error);
  const PValue *State = Root->K == PValue::Object ? Root->State : Root;
  const PValue *Timings = State ? member(*State, "timings") : nullptr;
  double Unit = 0;
  if (!Timings || Timings->K != PValue::Dict)
    return traceError(Path, "not a line_profiler result (no 'timings' dict)");
  if (!numeric(member(*State, "unit"), Unit) || !(Unit > 0))
    return traceError(Path, "line_profiler result without a timer unit");
  // One list shared by several functions (memo references) would be
  // counted once per function: an amplification, not a profile.
  std::set<const PValue *> Seen;
  for (const auto &[K, V] : Timings->Entries) {
    double First = 0;
    if (K->K != PValue::Tuple || K->Items.size() != 3 ||
        K->Items[0]->K != PValue::Str || !numeric(K->Items[1], First) ||
        K->Items[2]->K != PValue::Str || V->K != PValue::List) {
      Stats.count(Severity::DataLoss, "malformed function entry");
      continue;
    }
    if (!Seen.insert(V).second) {
      Stats.count(Severity::DataLoss,
                  "line list shared by several functions (skipped)");
      continue;
    }
    FunctionTiming F{K->Items[0]->S, K->Items[2]->S, lineOf(First), {}};
    for (const PValue *L : V->Items) {
      double Line, Hits, Time;
      if (L->K != PValue::Tuple || L->Items.size() != 3 ||
          !numeric(L->Items[0], Line) || !numeric(L->Items[1], Hits) ||
          !numeric(L->Items[2], Time) || Time < 0 || !lineOf(Line)) {
        Stats.count(Severity::DataLoss, "malformed line entry", F.Name);
        continue;
      }
      F.Lines.push_back({lineOf(Line), countOf(Hits), Time * Unit});
    }
    Out.push_back(std::move(F));
  }
  return llvm::Error::success();
}

//===-- The text form -----------------------------------------------------===//

/// Column where a row's source text starts: line_profiler's row template is
/// "%6s %9s %12s %8s %8s  %-s". A row whose second field starts before it
/// is a measured line; one without measurements has only the source there.
constexpr size_t ContentsColumn = 49;

llvm::Error fromText(InputFile &In, ImportStats &Stats,
                     std::vector<FunctionTiming> &Out) {
  double Unit = 0;
  std::string File;
  bool InRows = false;
  llvm::Error E = forEachLine(In, Stats, [&](llvm::StringRef L, uint64_t N) {
    std::string At = In.path() + ":" + std::to_string(N);
    llvm::StringRef T = L.trim();
    if (T.consume_front("Timer unit:")) {
      T = T.trim();
      T.consume_back("s");
      if (!llvm::to_float(T.trim(), Unit) || !(Unit > 0) ||
          !std::isfinite(Unit)) {
        Unit = 0;
        Stats.count(Severity::DataLoss, "invalid timer unit", At);
      }
      InRows = false;
      return;
    }
    if (T.consume_front("File:")) {
      File = T.trim().str();
      InRows = false;
      return;
    }
    if (T.consume_front("Function:")) {
      // "NAME at line N"
      size_t AtLine = T.rfind(" at line ");
      unsigned First = 0;
      if (AtLine == llvm::StringRef::npos ||
          T.drop_front(AtLine + 9).trim().getAsInteger(10, First)) {
        Stats.count(Severity::DataLoss, "malformed Function line", At);
        InRows = false;
        return;
      }
      Out.push_back({File, T.take_front(AtLine).trim().str(), First, {}});
      InRows = false;
      return;
    }
    if (T.startswith("=====")) {
      InRows = !Out.empty();
      return;
    }
    if (!InRows || T.empty() || T.startswith("Total time:"))
      return;
    // "  LINE  HITS  TIME  PER_HIT  %TIME  CONTENTS"
    llvm::StringRef Rest = L.ltrim();
    llvm::StringRef LineText = Rest.take_until([](char C) { return C == ' '; });
    unsigned Line;
    if (LineText.getAsInteger(10, Line) || !Line) {
      Stats.count(Severity::DataLoss, "malformed line row", At);
      return;
    }
    size_t Second =
        L.find_first_not_of(' ', L.size() - Rest.size() + LineText.size());
    if (Second == llvm::StringRef::npos || Second >= ContentsColumn)
      return; // a line that never ran
    auto [HitsText, AfterHits] = llvm::getToken(L.drop_front(Second));
    llvm::StringRef TimeText = llvm::getToken(AfterHits).first;
    double Hits, Time;
    if (!llvm::to_float(HitsText, Hits) || !llvm::to_float(TimeText, Time) ||
        !std::isfinite(Time) || Time < 0) {
      Stats.count(Severity::DataLoss, "malformed line row", At);
      return;
    }
    if (!(Unit > 0)) {
      Stats.count(Severity::DataLoss, "line row before a timer unit", At);
      return;
    }
    Out.back().Lines.push_back({Line, countOf(Hits), Time * Unit});
  });
  return E;
}

//===-- The model ---------------------------------------------------------===//

/// line_profiler measures lines of the profiled functions only, and a
/// line's time includes the profiled functions it calls, which the file
/// does not name. When the heaviest function takes at least the others'
/// time together it is taken as their caller (the usual run: `main` and
/// what it calls): the total is its time, the others are called from it,
/// and its lines keep their time as inclusive time. Otherwise the
/// functions are taken as disjoint and the total is their sum.
void buildModel(const std::vector<FunctionTiming> &Functions, Profile &P) {
  std::vector<double> Time;
  size_t Heaviest = 0;
  double Sum = 0;
  for (size_t I = 0; I < Functions.size(); ++I) {
    double T = 0;
    for (const LineTiming &L : Functions[I].Lines)
      T += L.Seconds;
    Time.push_back(T);
    Sum += T;
    if (T > Time[Heaviest])
      Heaviest = I;
  }
  double Others = Sum - (Functions.empty() ? 0 : Time[Heaviest]);
  bool Nested = Functions.size() > 1 && Others > 0 && Time[Heaviest] >= Others;
  for (size_t I = 0; I < Functions.size(); ++I) {
    const FunctionTiming &F = Functions[I];
    FrameId Fn = P.internFrame({F.Name, F.File, 0, "", false});
    P.setFirstLine(Fn, F.FirstLine);
    bool Root = Nested && I == Heaviest;
    for (const LineTiming &L : F.Lines) {
      P.countEvents();
      FrameId Line = P.internFrame({F.Name, F.File, L.Line, "", false});
      if (Root) {
        P.addLineTime(Line, L.Seconds);
        P.addFunctionCost(Line, 0, L.Hits);
      } else {
        P.addFunctionCost(Line, L.Seconds, L.Hits);
      }
    }
    if (Root)
      P.addFunctionCost(Fn, Time[I] - Others);
    else if (Nested)
      P.addCallCost(P.internFrame({Functions[Heaviest].Name,
                                   Functions[Heaviest].File, 0, "", false}),
                    Fn, Time[I]);
  }
  if (Nested)
    P.stats().count(Severity::Info,
                    "profiled functions taken as called from the heaviest",
                    Functions[Heaviest].Name);
}

} // namespace

bool LineProfilerImporter::sniff(llvm::StringRef Prefix,
                                 llvm::StringRef) const {
  if (Prefix.size() >= 2 && static_cast<uint8_t>(Prefix[0]) == 0x80 &&
      Prefix[1] >= 2 && Prefix[1] <= 5)
    return Prefix.take_front(128).contains("LineStats");
  return Prefix.ltrim().startswith("Timer unit:");
}

llvm::Error LineProfilerImporter::import(InputFile &In, Profile &P) const {
  P.setUnit("s");
  std::vector<FunctionTiming> Functions;
  llvm::StringRef Prefix = In.prefix();
  if (!Prefix.empty() && static_cast<uint8_t>(Prefix[0]) == 0x80) {
    std::string Data;
    if (llvm::Error E = readAll(In, Data))
      return E;
    if (llvm::Error E = fromPickle(In.path(), Data, P.stats(), Functions))
      return E;
  } else if (llvm::Error E = fromText(In, P.stats(), Functions)) {
    return E;
  }
  buildModel(Functions, P);
  return llvm::Error::success();
}

} // namespace hotpath
