//===- PerfScriptImporter.cpp ---------------------------------------------===//
#include "traces/perf_script/PerfScriptImporter.h"
#include "traces/common/DwarfSymbolizer.h"

#include "llvm/ADT/SmallVector.h"

#include <map>

namespace hotpath {

namespace {

struct Header {
  std::string Event;
  double Period = 1;
  std::string Rest; ///< text after the event (an inline frame without -g)
};

bool isNumber(llvm::StringRef S) {
  return !S.empty() &&
         S.find_first_not_of("0123456789") == llvm::StringRef::npos;
}

/// Parses "comm [pid/]tid [cpu] time: [period] event[:mods]: [rest]". The
/// comm may contain spaces, so the fields are found from the timestamp.
bool parseHeader(llvm::StringRef Line, Header &H) {
  if (Line.empty() || Line[0] == ' ' || Line[0] == '\t')
    return false;
  llvm::SmallVector<llvm::StringRef, 16> Tok;
  Line.split(Tok, ' ', -1, /*KeepEmpty=*/false);
  size_t Time = 0;
  for (size_t I = 1; I < Tok.size(); ++I) {
    llvm::StringRef T = Tok[I];
    if (T.endswith(":") && T.drop_back().contains('.') &&
        T.drop_back().find_first_not_of("0123456789.") ==
            llvm::StringRef::npos) {
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
    Tok[I].getAsDouble(H.Period);
    ++I;
  }
  if (I >= Tok.size() || !Tok[I].endswith(":"))
    return false;
  H.Event = Tok[I].split(':').first.str();
  size_t RestAt = Tok[I].end() - Line.begin();
  H.Rest = Line.substr(RestAt).trim().str();
  return true;
}

/// "ip symbol+0xoff (dso)" -> frame; false when the line is not a frame.
bool parseFrame(llvm::StringRef Line, Frame &F, uint64_t &Ip) {
  Line = Line.trim();
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
  Line = Line.trim();
  size_t Colon = Line.rfind(':');
  if (Colon == llvm::StringRef::npos)
    return false; // ":0" (nothing known) is still a srcline
  if (Line.substr(Colon + 1).getAsInteger(10, No))
    return false;
  File = Line.substr(0, Colon).str();
  return true;
}

/// Frames without a srcline get file, line and inline chain from the
/// binary's DWARF. A caller frame's address is a return address: look up
/// the call instruction before it.
std::vector<Frame> symbolize(const std::vector<Frame> &Stack,
                             const std::vector<uint64_t> &Ips,
                             DwarfSymbolizer &Symbolizer, Profile &P) {
  std::vector<Frame> Out;
  for (size_t I = 0; I < Stack.size(); ++I) {
    const Frame &F = Stack[I];
    if (!F.File.empty() || F.Dso.empty() || F.Dso[0] == '[' || F.Inlined ||
        I >= Ips.size()) {
      Out.push_back(F);
      continue;
    }
    uint64_t Address = Ips[I] - (I > 0 && Ips[I] > 0 ? 1 : 0);
    const std::vector<SourcePosition> &Chain =
        Symbolizer.lookup(F.Dso, Address, P.stats());
    if (Chain.empty()) {
      Out.push_back(F);
      continue;
    }
    for (size_t K = 0; K < Chain.size(); ++K) {
      bool Outermost = K + 1 == Chain.size();
      Frame C;
      // The real function keeps perf's name so that frames with and without
      // debug info are the same function.
      C.Name = Outermost && F.Name != "[unknown]" ? F.Name : Chain[K].Function;
      C.File = Chain[K].File;
      C.Line = Chain[K].Line;
      C.Dso = F.Dso;
      C.Inlined = !Outermost;
      Out.push_back(C);
    }
  }
  return Out;
}

struct EventProfile {
  Profile P;
  uint64_t Samples = 0;
  size_t FirstSeen = 0;
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

llvm::Error PerfScriptImporter::import(InputFile &In, Profile &P) const {
  std::map<std::string, EventProfile> ByEvent;
  LineReader Reader(In);
  std::string Line;
  bool Cut = false;
  bool InSample = false;
  Header H;
  std::vector<Frame> Stack; // leaf first
  std::vector<uint64_t> Ips;
  DwarfSymbolizer Symbolizer;
  uint64_t SampleLine = 0;
  Profile Problems;

  auto Commit = [&] {
    if (!InSample)
      return;
    InSample = false;
    EventProfile &E = ByEvent[H.Event];
    if (E.Samples == 0 && E.P.events() == 0)
      E.FirstSeen = ByEvent.size();
    // An inlined frame ("(inlined)" as dso, DWARF unwinding) belongs to the
    // binary of the frame it was inlined into, the next one towards main.
    for (size_t I = Stack.size(); I-- > 0;)
      if (Stack[I].Dso == "inlined") {
        Stack[I].Inlined = true;
        Stack[I].Dso = I + 1 < Stack.size() ? Stack[I + 1].Dso : "";
      }
    std::vector<Frame> Resolved =
        Symbolize ? symbolize(Stack, Ips, Symbolizer, E.P) : Stack;
    NodeId Node = Profile::Root;
    for (auto It = Resolved.rbegin(); It != Resolved.rend(); ++It)
      Node = E.P.internCallsite(Node, E.P.internFrame(*It));
    E.P.addSample(Node, H.Period);
    E.P.countEvents();
    ++E.Samples;
  };

  while (true) {
    llvm::Expected<bool> More = Reader.next(Line, Cut);
    if (!More)
      return More.takeError();
    if (!*More)
      break;
    std::string At = "line " + std::to_string(Reader.lineNumber());
    if (Cut) {
      Problems.stats().count(Severity::DataLoss, "line longer than 1 MiB", At);
      continue;
    }
    llvm::StringRef L(Line);
    if (L.startswith("#"))
      continue;
    if (L.trim().empty()) {
      Commit();
      continue;
    }
    if (L[0] != ' ' && L[0] != '\t') {
      Commit();
      Stack.clear();
      Ips.clear();
      if (!parseHeader(L, H)) {
        Problems.stats().count(Severity::DataLoss, "malformed sample header",
                               At);
        continue;
      }
      InSample = true;
      SampleLine = Reader.lineNumber();
      Frame Inline;
      uint64_t Ip = 0;
      if (!H.Rest.empty() && parseFrame(H.Rest, Inline, Ip)) {
        Stack.push_back(Inline);
        Ips.push_back(Ip);
      }
      continue;
    }
    if (!InSample)
      continue; // frames of a sample whose header was malformed
    Frame F;
    uint64_t Ip = 0;
    if (parseFrame(L, F, Ip)) {
      Stack.push_back(F);
      Ips.push_back(Ip);
      continue;
    }
    std::string File;
    unsigned No = 0;
    if (parseSrcline(L, File, No)) {
      if (!Stack.empty() && !File.empty() && File != "??" && No) {
        Stack.back().File = File;
        Stack.back().Line = No;
      }
      continue;
    }
    if (llvm::StringRef(L).trim().find('[') != llvm::StringRef::npos)
      continue; // srcline "libc.so.6[27b25]": no source line known
    Problems.stats().count(Severity::DataLoss, "malformed frame line", At);
  }
  if (InSample && !Reader.lastLineTerminated()) {
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
