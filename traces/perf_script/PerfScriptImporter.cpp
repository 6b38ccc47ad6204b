//===- PerfScriptImporter.cpp ---------------------------------------------===//
#include "traces/perf_script/PerfScriptImporter.h"
#include "traces/common/DwarfSymbolizer.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/xxhash.h"

#include <deque>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_map>

namespace hotpath {

namespace {

struct Header {
  std::string Event;
  double Period = 1;
  std::string Rest; ///< text after the event (an inline frame without -g)
};

/// Trims spaces and tabs (StringRef::trim() builds a character set per
/// call, which shows in profiles of GB-sized scripts).
llvm::StringRef trimBlanks(llvm::StringRef S) {
  size_t B = 0, E = S.size();
  while (B < E && (S[B] == ' ' || S[B] == '\t'))
    ++B;
  while (E > B && (S[E - 1] == ' ' || S[E - 1] == '\t' || S[E - 1] == '\r'))
    --E;
  return S.substr(B, E - B);
}

bool isDigits(llvm::StringRef S, bool AllowDot) {
  if (S.empty())
    return false;
  for (char C : S)
    if (!((C >= '0' && C <= '9') || (AllowDot && C == '.')))
      return false;
  return true;
}

bool isNumber(llvm::StringRef S) { return isDigits(S, /*AllowDot=*/false); }

/// Parses "comm [pid/]tid [cpu] time: [period] event[:mods]: [rest]". The
/// comm may contain spaces, so the fields are found from the timestamp.
bool parseHeader(llvm::StringRef Line, Header &H) {
  if (Line.empty() || Line[0] == ' ' || Line[0] == '\t')
    return false;
  // One pass over the line (StringRef::split without empty pieces scans
  // character sets; this runs once per sample).
  llvm::SmallVector<llvm::StringRef, 16> Tok;
  for (size_t I = 0, N = Line.size(); I < N;) {
    while (I < N && Line[I] == ' ')
      ++I;
    size_t Start = I;
    while (I < N && Line[I] != ' ')
      ++I;
    if (I > Start)
      Tok.push_back(Line.substr(Start, I - Start));
  }
  size_t Time = 0;
  for (size_t I = 1; I < Tok.size(); ++I) {
    llvm::StringRef T = Tok[I];
    if (T.endswith(":") && T.drop_back().contains('.') &&
        isDigits(T.drop_back(), /*AllowDot=*/true)) {
      Time = I;
      break;
    }
  }
  if (!Time)
    return false;
  // Before the time: [cpu], then pid/tid or tid, then the comm.
  size_t Pid = Time - 1;
  if (Tok[Pid].startswith("[") && Pid > 0)
    --Pid;
  auto [P, T] = Tok[Pid].split('/');
  if (Pid == 0 || !isNumber(P) || (!T.empty() && !isNumber(T)))
    return false;
  size_t I = Time + 1;
  if (I < Tok.size() && isNumber(Tok[I])) {
    uint64_t Period = 0;
    if (!Tok[I].getAsInteger(10, Period))
      H.Period = static_cast<double>(Period);
    else
      Tok[I].getAsDouble(H.Period);
    ++I;
  }
  if (I >= Tok.size() || !Tok[I].endswith(":"))
    return false;
  llvm::StringRef Event = Tok[I].split(':').first;
  H.Event.assign(Event.data(), Event.size());
  size_t RestAt = Tok[I].end() - Line.begin();
  llvm::StringRef Rest = trimBlanks(Line.substr(RestAt));
  H.Rest.assign(Rest.data(), Rest.size());
  return true;
}

/// "ip symbol+0xoff (dso)" -> frame; false when the line is not a frame.
bool parseFrame(llvm::StringRef Line, Frame &F, uint64_t &Ip) {
  Line = trimBlanks(Line);
  size_t Space = Line.find(' ');
  if (Space == llvm::StringRef::npos || !Line.endswith(")"))
    return false;
  llvm::StringRef IpText = Line.substr(0, Space);
  if (IpText.getAsInteger(16, Ip))
    return false;
  llvm::StringRef Rest = Line.substr(Space + 1).trim();
  size_t Open = Rest.rfind(" (");
  if (Open == llvm::StringRef::npos)
    Open = Rest.startswith("(") ? 0 : llvm::StringRef::npos;
  if (Open == llvm::StringRef::npos)
    return false;
  llvm::StringRef Sym = Rest.substr(0, Open).trim();
  llvm::StringRef Dso = Rest.substr(Open).trim().drop_front().drop_back();
  size_t Off = Sym.rfind("+0x");
  if (Off != llvm::StringRef::npos && Off > 0)
    Sym = Sym.substr(0, Off);
  F = Frame();
  F.Name = Sym.empty() ? "[unknown]" : Sym.str();
  F.Dso = Dso.str();
  return true;
}

/// A -F +srcline line ("  toy.cpp:4"); "??:0" and "lib.so[1b2]" carry none.
bool parseSrcline(llvm::StringRef Line, std::string &File, unsigned &No) {
  Line = trimBlanks(Line);
  size_t Colon = Line.rfind(':');
  if (Colon == llvm::StringRef::npos)
    return false; // ":0" (nothing known) is still a srcline
  if (Line.substr(Colon + 1).getAsInteger(10, No))
    return false;
  File = Line.substr(0, Colon).str();
  return true;
}

struct EventProfile {
  Profile P;
  uint64_t Samples = 0;
  size_t FirstSeen = 0;
  std::vector<FrameId> Ids; ///< FrameTable index -> this profile's FrameId
  /// Resolved stack (frame-table indices, as bytes) -> leaf node.
  llvm::StringMap<NodeId> Leaves;
};

} // namespace

bool PerfScriptImporter::sniff(llvm::StringRef Prefix, llvm::StringRef) const {
  while (!Prefix.empty()) {
    auto [Line, Rest] = Prefix.split('\n');
    Prefix = Rest;
    if (Line.trim().empty() || Line.startswith("#"))
      continue;
    Header H;
    return parseHeader(Line, H);
  }
  return false;
}

namespace {

/// Frames seen so far, keyed by their text ("sym+0x10 (dso)", plus the
/// srcline when there is one): parsing and string copies happen once per
/// distinct frame, not once per sample.
class FrameTable {
public:
  explicit FrameTable(bool Symbolize) : Symbolize(Symbolize) {}

  /// Index of the frame with this text, parsing it the first time.
  std::optional<uint32_t> frame(llvm::StringRef Text) {
    auto It = Index.find(std::string_view(Text.data(), Text.size()));
    if (It != Index.end())
      return It->second;
    Frame F;
    uint64_t Ip;
    if (!parseFrame(Text, F, Ip))
      return std::nullopt;
    uint32_t Idx = add(Text, std::move(F));
    Ips[Idx] = Ip;
    return Idx;
  }
  /// The ip of a frame parsed from a frame line (the key holds it).
  uint64_t ip(uint32_t Idx) const { return Ips[Idx]; }
  /// The frame `Idx` with a srcline.
  uint32_t withSrcline(uint32_t Idx, llvm::StringRef Srcline,
                       const std::string &File, unsigned Line) {
    std::string Key = Keys[Idx] + "\n" + Srcline.str();
    auto It = Index.find(std::string_view(Key));
    if (It != Index.end())
      return It->second;
    Frame F = Frames[Idx];
    F.File = File;
    F.Line = Line;
    uint32_t New = add(Key, std::move(F));
    Ips[New] = Ips[Idx];
    return New;
  }
  /// Frames of one sample, leaf first, with "(inlined)" frames given their
  /// caller's binary and, when symbolizing, DWARF inline chains.
  void resolve(const std::vector<uint32_t> &Stack, ImportStats &Stats,
               std::vector<uint32_t> &Out) {
    Out.clear();
    for (size_t I = 0; I < Stack.size(); ++I) {
      uint32_t Idx = Stack[I];
      if (Frames[Idx].Dso == "inlined") {
        uint32_t Next = I + 1 < Stack.size() ? Stack[I + 1] : Idx;
        auto Key = std::make_pair(Idx, Next);
        auto It = InlinedInto.find(Key);
        if (It == InlinedInto.end()) {
          Frame F = Frames[Idx];
          F.Inlined = true;
          F.Dso = Next == Idx ? "" : Frames[Next].Dso;
          It = InlinedInto.emplace(Key, add("", std::move(F))).first;
        }
        Idx = It->second;
      }
      const Frame &F = Frames[Idx];
      if (!Symbolize || !F.File.empty() || F.Dso.empty() || F.Dso[0] == '[' ||
          F.Inlined) {
        Out.push_back(Idx);
        continue;
      }
      // A caller frame's address is a return address: look up the call.
      uint64_t Address = Ips[Stack[I]] - (I > 0 && Ips[Stack[I]] > 0 ? 1 : 0);
      auto Key = std::make_pair(Idx, Address);
      auto It = Chains.find(Key);
      if (It == Chains.end())
        It = Chains.emplace(Key, chain(Idx, Address, Stats)).first;
      Out.insert(Out.end(), It->second.begin(), It->second.end());
    }
  }
  const Frame &operator[](uint32_t Idx) const { return Frames[Idx]; }
  size_t size() const { return Frames.size(); }

private:
  bool Symbolize;
  // Keys live in a deque (stable addresses); the map holds views of them.
  /// Hashes the start (the ip), the length and the end of a frame line:
  /// enough to tell frames apart, without reading every byte.
  struct LineHash {
    size_t operator()(std::string_view S) const {
      return llvm::xxHash64(llvm::StringRef(S.data(), S.size()));
    }
  };
  std::unordered_map<std::string_view, uint32_t, LineHash> Index;
  std::vector<Frame> Frames;
  std::vector<uint64_t> Ips;
  std::deque<std::string> Keys;
  std::map<std::pair<uint32_t, uint32_t>, uint32_t> InlinedInto;
  std::map<std::pair<uint32_t, uint64_t>, std::vector<uint32_t>> Chains;
  DwarfSymbolizer Symbolizer;

  uint32_t add(llvm::StringRef Key, Frame F) {
    uint32_t Idx = static_cast<uint32_t>(Frames.size());
    Frames.push_back(std::move(F));
    Ips.push_back(0);
    Keys.push_back(Key.str());
    if (!Key.empty())
      Index.emplace(std::string_view(Keys.back()), Idx);
    return Idx;
  }

  /// The inline chain at `Address`, innermost first; the real function keeps
  /// perf's name so frames with and without debug info are one function.
  std::vector<uint32_t> chain(uint32_t Idx, uint64_t Address,
                              ImportStats &Stats) {
    Frame Base = Frames[Idx];
    const std::vector<SourcePosition> &C =
        Symbolizer.lookup(Base.Dso, Address, Stats);
    if (C.empty())
      return {Idx};
    std::vector<uint32_t> Out;
    for (size_t K = 0; K < C.size(); ++K) {
      bool Outermost = K + 1 == C.size();
      Frame F;
      F.Name =
          Outermost && Base.Name != "[unknown]" ? Base.Name : C[K].Function;
      F.File = C[K].File;
      F.Line = C[K].Line;
      F.Dso = Base.Dso;
      F.Inlined = !Outermost;
      Out.push_back(add("", std::move(F)));
    }
    return Out;
  }
};

} // namespace

llvm::Error PerfScriptImporter::import(InputFile &In, Profile &P) const {
  std::map<std::string, EventProfile> ByEvent;
  bool InSample = false;
  Header H;
  FrameTable Frames(Symbolize);
  std::vector<uint32_t> Stack, Resolved; // leaf first
  uint64_t SampleLine = 0;
  Profile Problems;
  uint64_t LineNo = 0;
  auto At = [&] { return "line " + std::to_string(LineNo); };

  auto Commit = [&] {
    if (!InSample)
      return;
    InSample = false;
    auto [It, New] = ByEvent.try_emplace(H.Event);
    EventProfile &E = It->second;
    if (New)
      E.FirstSeen = ByEvent.size();
    Frames.resolve(Stack, E.P.stats(), Resolved);
    if (E.Ids.size() < Frames.size())
      E.Ids.resize(Frames.size(), ~0u);
    // Most samples repeat a stack seen before: one lookup per sample
    // instead of one per frame.
    llvm::StringRef Bytes(reinterpret_cast<const char *>(Resolved.data()),
                          Resolved.size() * sizeof(uint32_t));
    auto [Known, Fresh] = E.Leaves.try_emplace(Bytes, Profile::Root);
    if (Fresh) {
      NodeId Node = Profile::Root;
      for (auto R = Resolved.rbegin(); R != Resolved.rend(); ++R) {
        if (E.Ids[*R] == ~0u)
          E.Ids[*R] = E.P.internFrame(Frames[*R]);
        Node = E.P.internCallsite(Node, E.Ids[*R]);
      }
      Known->second = Node;
    }
    E.P.addSample(Known->second, H.Period);
    E.P.countEvents();
    ++E.Samples;
  };

  bool Terminated = true;
  llvm::Error Err = forEachLine(
      In, Problems.stats(),
      [&](llvm::StringRef L, uint64_t No) {
        LineNo = No;
        llvm::StringRef T = trimBlanks(L);
        if (T.empty()) {
          Commit();
          return;
        }
        if (L[0] == '#')
          return;
        if (L[0] != ' ' && L[0] != '\t') {
          Commit();
          Stack.clear();
          if (!parseHeader(L, H)) {
            Problems.stats().count(Severity::DataLoss,
                                   "malformed sample header", At());
            return;
          }
          InSample = true;
          SampleLine = LineNo;
          if (!H.Rest.empty())
            if (std::optional<uint32_t> F = Frames.frame(H.Rest))
              Stack.push_back(*F);
          return;
        }
        if (!InSample)
          return; // frames of a sample whose header was malformed
        // "ip sym+off (dso)" (the ip is part of the key).
        size_t Space = T.find(' ');
        if (Space != llvm::StringRef::npos && T.endswith(")"))
          if (std::optional<uint32_t> F = Frames.frame(T)) {
            Stack.push_back(*F);
            return;
          }
        std::string File;
        unsigned SrcLine = 0;
        if (parseSrcline(L, File, SrcLine)) {
          if (!Stack.empty() && !File.empty() && File != "??" && SrcLine)
            Stack.back() = Frames.withSrcline(Stack.back(), T, File, SrcLine);
          return;
        }
        if (T.find('[') != llvm::StringRef::npos)
          return; // srcline "libc.so.6[27b25]": no source line known
        Problems.stats().count(Severity::DataLoss, "malformed frame line",
                               At());
      },
      &Terminated);
  if (Err)
    return Err;
  if (InSample && !Terminated) {
    // The file ends inside a sample: its call chain may be incomplete.
    Problems.stats().count(Severity::DataLoss, TruncatedKind,
                           "line " + std::to_string(SampleLine));
    InSample = false;
  }
  Commit();

  if (ByEvent.empty()) {
    P.stats().merge(Problems.stats());
    if (Problems.stats().entries().empty())
      return traceError(In.path(), "no samples");
    P.setUnit("samples");
    return llvm::Error::success();
  }
  const std::pair<const std::string, EventProfile> *Best = nullptr;
  for (const auto &Entry : ByEvent)
    if (!Best || Entry.second.Samples > Best->second.Samples ||
        (Entry.second.Samples == Best->second.Samples &&
         Entry.second.FirstSeen < Best->second.FirstSeen))
      Best = &Entry;
  llvm::StringRef Event = Best->first;
  if (llvm::Error E = P.merge(Best->second.P))
    return E;
  P.setUnit(Event == "cpu-clock" || Event == "task-clock" ? "ns" : Event.str());
  P.stats().count(Severity::Info, "event '" + Event.str() + "' imported", "",
                  Best->second.Samples);
  for (const auto &[Name, E] : ByEvent)
    if (&E != &Best->second)
      P.stats().count(Severity::Info,
                      "event '" + Name + "' skipped (one event per profile)",
                      "", E.Samples);
  P.stats().merge(Problems.stats());
  return llvm::Error::success();
}

} // namespace hotpath
