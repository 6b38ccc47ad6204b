//===- PprofImporter.cpp --------------------------------------------------===//
#include "traces/pprof/PprofImporter.h"

#include <map>

namespace hotpath {

namespace {

/// A minimal protobuf wire-format reader.
class Wire {
public:
  explicit Wire(llvm::StringRef Data) : Data(Data) {}
  bool done() const { return Pos >= Data.size(); }
  bool failed() const { return Failed; }

  bool varint(uint64_t &V) {
    V = 0;
    for (unsigned Shift = 0; Shift < 64; Shift += 7) {
      if (Pos >= Data.size())
        return fail();
      uint8_t B = static_cast<uint8_t>(Data[Pos++]);
      V |= static_cast<uint64_t>(B & 0x7f) << Shift;
      if (!(B & 0x80))
        return true;
    }
    return fail();
  }
  /// Next field: number, wire type; for wire type 2 the payload in `Bytes`,
  /// for 0 the value in `Value`.
  bool field(uint32_t &Number, uint32_t &Type, uint64_t &Value,
             llvm::StringRef &Bytes) {
    uint64_t Tag;
    if (!varint(Tag))
      return false;
    Number = static_cast<uint32_t>(Tag >> 3);
    Type = Tag & 7;
    switch (Type) {
    case 0:
      return varint(Value);
    case 1:
      return skip(8);
    case 5:
      return skip(4);
    case 2: {
      uint64_t Len;
      if (!varint(Len) || Len > Data.size() - Pos)
        return fail();
      Bytes = Data.substr(Pos, Len);
      Pos += Len;
      return true;
    }
    default:
      return fail();
    }
  }

private:
  llvm::StringRef Data;
  size_t Pos = 0;
  bool Failed = false;
  bool fail() {
    Failed = true;
    return false;
  }
  bool skip(size_t N) {
    if (N > Data.size() - Pos)
      return fail();
    Pos += N;
    return true;
  }
};

/// Appends a repeated integer field, packed (wire type 2) or not.
void repeated(uint32_t Type, uint64_t Value, llvm::StringRef Bytes,
              std::vector<uint64_t> &Out) {
  if (Type == 0) {
    Out.push_back(Value);
    return;
  }
  Wire W(Bytes);
  uint64_t V;
  while (!W.done() && W.varint(V))
    Out.push_back(V);
}

struct Line {
  uint64_t Function = 0;
  int64_t Number = 0;
};
struct Location {
  std::vector<Line> Lines;
  uint64_t Mapping = 0;
};
struct Function {
  uint64_t Name = 0, File = 0;
};
struct Sample {
  std::vector<uint64_t> Locations, Values;
};

} // namespace

bool PprofImporter::sniff(llvm::StringRef Prefix, llvm::StringRef) const {
  // Binary, not text: protobuf tags are control bytes.
  bool Binary = false;
  for (char C : Prefix)
    Binary |= static_cast<unsigned char>(C) < 0x20 && C != '\n' && C != '\r' &&
              C != '\t';
  if (!Binary)
    return false;
  // The prefix parses as fields of Profile (numbers 1..15, wire types 0 and
  // 2), the first being a message; the last may run past the prefix.
  size_t Pos = 0;
  unsigned Fields = 0;
  auto Varint = [&](uint64_t &V) {
    V = 0;
    for (unsigned Shift = 0; Shift < 64 && Pos < Prefix.size(); Shift += 7) {
      uint8_t B = static_cast<uint8_t>(Prefix[Pos++]);
      V |= static_cast<uint64_t>(B & 0x7f) << Shift;
      if (!(B & 0x80))
        return true;
    }
    return false;
  };
  while (Pos < Prefix.size()) {
    uint64_t Tag, V;
    if (!Varint(Tag))
      return Fields > 0;
    uint64_t N = Tag >> 3, T = Tag & 7;
    if (N < 1 || N > 15 || (T != 0 && T != 2) || (Fields == 0 && T != 2))
      return false;
    if (!Varint(V))
      return Fields > 0;
    if (T == 2) {
      if (V > Prefix.size() - Pos)
        return true; // runs past the prefix
      Pos += V;
    }
    ++Fields;
  }
  return Fields > 0;
}

llvm::Error PprofImporter::import(InputFile &In, Profile &P) const {
  std::string Data;
  if (llvm::Error E = readAll(In, Data))
    return E;
  std::vector<std::string> Strings;
  std::vector<std::pair<uint64_t, uint64_t>> SampleTypes;
  std::map<uint64_t, Location> Locations;
  std::map<uint64_t, Function> Functions;
  std::map<uint64_t, std::string> Mappings;
  std::vector<Sample> Samples;
  uint64_t DefaultType = 0;

  Wire W(Data);
  while (!W.done()) {
    uint32_t N, T;
    uint64_t V = 0;
    llvm::StringRef B;
    if (!W.field(N, T, V, B))
      return traceError(In.path(), "invalid protobuf data");
    Wire Sub(B);
    uint32_t SN, ST;
    uint64_t SV = 0;
    llvm::StringRef SB;
    if (N == 1 && T == 2) { // sample_type
      uint64_t Type = 0, Unit = 0;
      while (!Sub.done() && Sub.field(SN, ST, SV, SB))
        (SN == 1 ? Type : SN == 2 ? Unit : SV) = SV;
      SampleTypes.emplace_back(Type, Unit);
    } else if (N == 2 && T == 2) { // sample
      Sample S;
      while (!Sub.done() && Sub.field(SN, ST, SV, SB)) {
        if (SN == 1)
          repeated(ST, SV, SB, S.Locations);
        else if (SN == 2)
          repeated(ST, SV, SB, S.Values);
      }
      Samples.push_back(std::move(S));
    } else if (N == 3 && T == 2) { // mapping
      uint64_t Id = 0, File = 0;
      while (!Sub.done() && Sub.field(SN, ST, SV, SB))
        (SN == 1 ? Id : SN == 5 ? File : SV) = SV;
      Mappings[Id] = std::to_string(File); // resolved below
    } else if (N == 4 && T == 2) {         // location
      uint64_t Id = 0;
      Location L;
      while (!Sub.done() && Sub.field(SN, ST, SV, SB)) {
        if (SN == 1)
          Id = SV;
        else if (SN == 2)
          L.Mapping = SV;
        else if (SN == 4 && ST == 2) {
          Line Li;
          Wire LW(SB);
          uint32_t LN, LT;
          uint64_t LV = 0;
          llvm::StringRef LB;
          while (!LW.done() && LW.field(LN, LT, LV, LB)) {
            if (LN == 1)
              Li.Function = LV;
            else if (LN == 2)
              Li.Number = static_cast<int64_t>(LV);
          }
          L.Lines.push_back(Li);
        }
      }
      Locations[Id] = std::move(L);
    } else if (N == 5 && T == 2) { // function
      uint64_t Id = 0;
      Function F;
      while (!Sub.done() && Sub.field(SN, ST, SV, SB)) {
        if (SN == 1)
          Id = SV;
        else if (SN == 2)
          F.Name = SV;
        else if (SN == 4)
          F.File = SV;
      }
      Functions[Id] = F;
    } else if (N == 6 && T == 2) { // string_table
      Strings.push_back(B.str());
    } else if (N == 14 && T == 0) {
      DefaultType = V;
    }
    if (Sub.failed())
      P.stats().count(Severity::DataLoss,
                      "malformed message in field " + std::to_string(N));
  }
  auto Str = [&](uint64_t I) {
    return I < Strings.size() ? Strings[I] : std::string();
  };
  if (Strings.empty() || !Strings[0].empty())
    return traceError(In.path(), "pprof string table must start with \"\"");
  if (SampleTypes.empty())
    return traceError(In.path(), "pprof profile without sample types");
  size_t Index = SampleTypes.size() - 1;
  for (size_t I = 0; I < SampleTypes.size(); ++I)
    if (DefaultType && SampleTypes[I].first == DefaultType)
      Index = I;
  std::string Unit = Str(SampleTypes[Index].second);
  P.setUnit(Unit == "nanoseconds" ? "ns" : Unit);
  if (SampleTypes.size() > 1)
    P.stats().count(Severity::Info, "sample type '" +
                                        Str(SampleTypes[Index].first) +
                                        "' imported");
  // Samples name locations and locations name lines by id: a small file
  // can name one many-line location a million times. The frames expanded
  // are bounded by the file's size (a real profile expands to a few per
  // byte); past the budget samples are dropped, counted.
  uint64_t Budget = 16 * uint64_t(Data.size()) + (1u << 16), Expanded = 0;
  for (const Sample &S : Samples) {
    if (Index >= S.Values.size()) {
      P.stats().count(Severity::DataLoss, "sample without its value");
      continue;
    }
    // Leaf first; each location's lines are innermost (inlined) first.
    // Interned as they come: a frame repeated down a stack costs an id.
    std::vector<FrameId> Stack;
    bool Ok = true;
    for (uint64_t LocId : S.Locations) {
      auto It = Locations.find(LocId);
      if (It == Locations.end()) {
        Ok = false;
        break;
      }
      std::string Dso;
      auto M = Mappings.find(It->second.Mapping);
      if (M != Mappings.end())
        Dso = Str(std::stoull(M->second));
      Expanded += std::max<size_t>(1, It->second.Lines.size());
      if (Expanded > Budget)
        break;
      if (It->second.Lines.empty())
        Stack.push_back(P.internFrame({"[unknown]", "", 0, Dso, false}));
      for (size_t K = 0; K < It->second.Lines.size(); ++K) {
        const Line &Li = It->second.Lines[K];
        auto F = Functions.find(Li.Function);
        if (F == Functions.end()) {
          Ok = false;
          break;
        }
        Stack.push_back(P.internFrame(
            {Str(F->second.Name), Str(F->second.File),
             static_cast<unsigned>(std::max<int64_t>(0, Li.Number)), Dso,
             K + 1 < It->second.Lines.size()}));
      }
    }
    if (Expanded > Budget) {
      P.stats().count(Severity::DataLoss,
                      "samples beyond the expansion budget (16 frames per "
                      "byte of the file) dropped");
      continue;
    }
    if (!Ok) {
      P.stats().count(Severity::DataLoss,
                      "sample with an unknown location or function");
      continue;
    }
    NodeId Node = Profile::Root;
    for (auto It = Stack.rbegin(); It != Stack.rend(); ++It)
      Node = P.internCallsite(Node, *It);
    P.addSample(Node,
                static_cast<double>(static_cast<int64_t>(S.Values[Index])));
    P.countEvents();
  }
  return llvm::Error::success();
}

} // namespace hotpath
