//===- PstatsImporter.cpp -------------------------------------------------===//
#include "traces/pstats/PstatsImporter.h"

#include "llvm/ADT/StringExtras.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace hotpath {

namespace {

/// A decoded marshal value (only what pstats files contain).
struct Value {
  enum Kind { None, Bool, Int, Float, Str, Tuple, Dict } K = None;
  double Num = 0;
  std::string S;
  std::vector<std::shared_ptr<Value>> Items;
  std::vector<std::pair<std::shared_ptr<Value>, std::shared_ptr<Value>>>
      Entries;
};
using ValuePtr = std::shared_ptr<Value>;

class MarshalReader {
public:
  explicit MarshalReader(llvm::StringRef Data) : Data(Data) {}
  std::string Error;
  size_t Pos = 0;

  ValuePtr read(unsigned Depth = 0) {
    if (Depth > 100)
      return fail("nested deeper than 100 levels");
    uint8_t Code;
    if (!byte(Code))
      return nullptr;
    bool Ref = Code & 0x80;
    char Type = static_cast<char>(Code & 0x7f);
    auto V = std::make_shared<Value>();
    // A referenced container takes its slot before its contents; until
    // they are read, a back-reference to it would make a cycle (a value
    // that contains itself, which shared_ptr would leak and a walk would
    // never finish): refused.
    size_t Slot = Refs.size();
    if (Ref) {
      Refs.push_back(V);
      Open.push_back(true);
    }
    struct Close {
      std::vector<bool> &Open;
      size_t Slot;
      bool Ref;
      ~Close() {
        if (Ref)
          Open[Slot] = false;
      }
    } Closer{Open, Slot, Ref};
    switch (Type) {
    case 'N':
      break;
    case 'T':
    case 'F':
      V->K = Value::Bool;
      V->Num = Type == 'T';
      break;
    case 'i': {
      int32_t I;
      if (!int32(I))
        return nullptr;
      V->K = Value::Int;
      V->Num = I;
      break;
    }
    case 'l': {
      int32_t N;
      if (!int32(N))
        return nullptr;
      double Acc = 0, Scale = 1;
      for (int32_t D = 0; D < std::abs(N); ++D) {
        uint16_t Digit;
        if (!uint16(Digit))
          return nullptr;
        Acc += Digit * Scale;
        Scale *= 32768.0;
      }
      V->K = Value::Int;
      V->Num = N < 0 ? -Acc : Acc;
      break;
    }
    case 'g': {
      if (Pos + 8 > Data.size())
        return fail("truncated float");
      std::memcpy(&V->Num, Data.data() + Pos, 8);
      Pos += 8;
      V->K = Value::Float;
      break;
    }
    case 'f': {
      uint8_t N;
      if (!byte(N) || Pos + N > Data.size())
        return fail("truncated float");
      V->K = Value::Float;
      if (Data.substr(Pos, N).getAsDouble(V->Num))
        return fail("bad float literal");
      Pos += N;
      break;
    }
    case 'z':
    case 'Z': {
      uint8_t N;
      if (!byte(N) || !bytes(N, V->S))
        return nullptr;
      V->K = Value::Str;
      break;
    }
    case 'a':
    case 'A':
    case 'u':
    case 't':
    case 's': {
      int32_t N;
      if (!int32(N) || N < 0 || !bytes(N, V->S))
        return nullptr;
      V->K = Value::Str;
      break;
    }
    case ')':
    case '(':
    case '[': {
      int32_t N = 0;
      if (Type == ')') {
        uint8_t Small;
        if (!byte(Small))
          return nullptr;
        N = Small;
      } else if (!int32(N) || N < 0) {
        return nullptr;
      }
      V->K = Value::Tuple;
      for (int32_t I = 0; I < N; ++I) {
        ValuePtr Item = read(Depth + 1);
        if (!Item)
          return nullptr;
        V->Items.push_back(Item);
      }
      break;
    }
    case '{': {
      V->K = Value::Dict;
      while (true) {
        if (Pos >= Data.size())
          return fail("truncated dict");
        if (Data[Pos] == '0') {
          ++Pos;
          break;
        }
        ValuePtr Key = read(Depth + 1);
        if (!Key)
          return nullptr;
        ValuePtr Val = read(Depth + 1);
        if (!Val)
          return nullptr;
        V->Entries.emplace_back(Key, Val);
      }
      break;
    }
    case 'r': {
      int32_t I;
      if (!int32(I))
        return nullptr;
      if (I < 0 || static_cast<size_t>(I) >= Refs.size() || !Refs[I])
        return fail("back-reference to unknown object " + std::to_string(I));
      if (Open[I])
        return fail("reference cycle (object " + std::to_string(I) +
                    " contains itself)");
      if (Ref)
        Refs[Slot] = Refs[I];
      return Refs[I];
    }
    default:
      return fail(std::string("unsupported marshal type 0x") +
                  llvm::utohexstr(Code));
    }
    return V;
  }

private:
  llvm::StringRef Data;
  std::vector<ValuePtr> Refs;
  /// Per reference slot: its container is still being read.
  std::vector<bool> Open;

  ValuePtr fail(const std::string &Msg) {
    if (Error.empty())
      Error = Msg + " at byte " + std::to_string(Pos);
    return nullptr;
  }
  bool byte(uint8_t &B) {
    if (Pos >= Data.size()) {
      fail("unexpected end of file");
      return false;
    }
    B = static_cast<uint8_t>(Data[Pos++]);
    return true;
  }
  bool int32(int32_t &I) {
    if (Pos + 4 > Data.size()) {
      fail("unexpected end of file");
      return false;
    }
    uint32_t U = 0;
    for (int K = 3; K >= 0; --K)
      U = (U << 8) | static_cast<uint8_t>(Data[Pos + K]);
    Pos += 4;
    I = static_cast<int32_t>(U);
    return true;
  }
  bool uint16(uint16_t &U) {
    if (Pos + 2 > Data.size()) {
      fail("unexpected end of file");
      return false;
    }
    U = static_cast<uint8_t>(Data[Pos]) |
        (static_cast<uint8_t>(Data[Pos + 1]) << 8);
    Pos += 2;
    return true;
  }
  bool bytes(size_t N, std::string &Out) {
    if (Pos + N > Data.size()) {
      fail("unexpected end of file");
      return false;
    }
    Out.assign(Data.data() + Pos, N);
    Pos += N;
    return true;
  }
};

/// (file, line, func) tuple -> frame fields; false if malformed.
bool keyOf(const Value &V, std::string &File, unsigned &Line,
           std::string &Func) {
  if (V.K != Value::Tuple || V.Items.size() != 3 ||
      V.Items[0]->K != Value::Str || V.Items[1]->K != Value::Int ||
      V.Items[2]->K != Value::Str)
    return false;
  File = V.Items[0]->S;
  Line = static_cast<unsigned>(std::max(0.0, V.Items[1]->Num));
  Func = V.Items[2]->S;
  return true;
}

bool number(const Value &V, double &Out) {
  if (V.K != Value::Int && V.K != Value::Float)
    return false;
  Out = V.Num;
  return std::isfinite(Out);
}

} // namespace

bool PstatsImporter::sniff(llvm::StringRef Prefix, llvm::StringRef) const {
  // A marshalled dict whose first key is a tuple.
  if (Prefix.size() < 2)
    return false;
  uint8_t First = static_cast<uint8_t>(Prefix[0]) & 0x7f;
  uint8_t Second = static_cast<uint8_t>(Prefix[1]) & 0x7f;
  return First == '{' && (Second == ')' || Second == '(' || Second == '0');
}

llvm::Error PstatsImporter::import(InputFile &In, Profile &P) const {
  P.setUnit("s");
  std::string Data;
  if (llvm::Error E = readAll(In, Data))
    return E;
  MarshalReader R(Data);
  ValuePtr Root = R.read();
  if (!Root)
    return traceError(In.path(), "invalid marshal data: " + R.Error);
  if (Root->K != Value::Dict)
    return traceError(In.path(), "not a pstats dump (expected a dict)");

  // Functions with the same name in the same file (lambdas, genexprs) are
  // told apart by their line.
  std::map<std::pair<std::string, std::string>, unsigned> NameUses;
  for (const auto &[K, V] : Root->Entries) {
    std::string File, Func;
    unsigned Line;
    if (keyOf(*K, File, Line, Func))
      ++NameUses[{File, Func}];
  }
  auto FrameOf = [&](const Value &K) -> std::optional<FrameId> {
    std::string File, Func;
    unsigned Line;
    if (!keyOf(K, File, Line, Func))
      return std::nullopt;
    if (NameUses[{File, Func}] > 1)
      Func += " (line " + std::to_string(Line) + ")";
    // Built-ins have file "~" and line 0. The line is where the function's
    // definition starts: the function's first line, not a line time was
    // spent on, so the frame has none.
    FrameId F = P.internFrame({Func, File == "~" ? "" : File, 0, "", false});
    P.setFirstLine(F, Line);
    return F;
  };
  // Call counts are floats in a hostile file: negative, fractional or huge
  // ones are clamped to what a counter can hold.
  auto Count = [](double N) -> uint64_t {
    if (!(N > 0))
      return 0;
    return N >= 1.8e19 ? UINT64_MAX : static_cast<uint64_t>(N);
  };

  double Total = 0;
  std::vector<std::pair<FrameId, double>> Inclusive;
  // cProfile writes one callers dict per function. One shared by several
  // entries (a marshal back-reference) would be walked once per entry: an
  // amplification, not a profile. Each is read once.
  std::set<const Value *> CallerTables{Root.get()};
  for (const auto &[K, V] : Root->Entries) {
    std::optional<FrameId> F = FrameOf(*K);
    double Cc, Nc, Tt, Ct;
    if (!F || V->K != Value::Tuple || V->Items.size() < 4 ||
        !number(*V->Items[0], Cc) || !number(*V->Items[1], Nc) ||
        !number(*V->Items[2], Tt) || !number(*V->Items[3], Ct) || Tt < 0 ||
        Ct < 0) {
      P.stats().count(Severity::DataLoss, "malformed function entry");
      continue;
    }
    P.countEvents();
    // (primitive calls, all calls, ...): recursion counts in the second.
    P.addFunctionCost(*F, Tt, Count(Nc));
    Total += Tt;
    Inclusive.emplace_back(*F, Ct);
    if (V->Items.size() < 5 || V->Items[4]->K != Value::Dict)
      continue;
    if (!CallerTables.insert(V->Items[4].get()).second) {
      P.stats().count(Severity::DataLoss,
                      "callers table shared by several functions (skipped)");
      continue;
    }
    for (const auto &[CK, CV] : V->Items[4]->Entries) {
      std::optional<FrameId> Caller = FrameOf(*CK);
      double EdgeCt = 0, EdgeNc = 0;
      // cProfile: (nc, cc, tt, ct), nc counting every call; the old profile
      // module: a call count.
      if (!Caller || CV->K != Value::Tuple || CV->Items.size() < 4 ||
          !number(*CV->Items[3], EdgeCt)) {
        P.stats().count(Severity::Info, "caller entry without timing");
        continue;
      }
      if (!number(*CV->Items[0], EdgeNc))
        EdgeNc = 0;
      P.addCallCost(*Caller, *F, std::min(EdgeCt, Ct), Count(EdgeNc));
    }
  }
  // Cumulative times are measured separately from self times and can
  // exceed their sum by timer rounding; the total is the sum of self times.
  for (const auto &[F, Ct] : Inclusive) {
    if (Ct > Total)
      P.stats().count(Severity::Info, "cumulative time above total (clamped)");
    P.setInclusive(F, std::min(Ct, Total));
  }
  return llvm::Error::success();
}

} // namespace hotpath
